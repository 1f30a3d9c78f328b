// Preloaded into a spawned app (NODE_OPTIONS=--require): at exit, writes every module file the process loaded,
// and every file it read whole with fs.readFileSync (data such as Zoom's spec is read that way, not required),
// to LOADED_MODULES_FILE, so a test can say what a start did and did not load.
const fs = require('node:fs');
const path = require('node:path');

const read = new Set();
const readFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (typeof file === 'string') read.add(path.resolve(file));
  return readFileSync.call(this, file, ...rest);
};

process.once('exit', () => {
  fs.writeFileSync(process.env.LOADED_MODULES_FILE, JSON.stringify([...new Set([...Object.keys(require.cache), ...read])]));
});
