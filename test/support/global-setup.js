// Compiles the app once for the whole run, before any worker starts: suites that spawn the compiled app would
// otherwise each run tsc into the same dist/ while another worker's child process is loading it.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, '../..');
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  process.env.ZS_TEST_DIST_BUILT = '1';
};
