// Preloaded into a spawned app (NODE_OPTIONS=--require): at exit, writes every module file the process loaded
// to LOADED_MODULES_FILE, so a test can say what a start did and did not load.
const { writeFileSync } = require('node:fs');

process.once('exit', () => {
  writeFileSync(process.env.LOADED_MODULES_FILE, JSON.stringify(Object.keys(require.cache)));
});
