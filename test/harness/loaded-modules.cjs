// Preloaded into the built CLI by startup-modules.test.ts: on exit, writes to fd 3 what the run loaded,
// as JSON: Node's built-in modules (process.moduleLoadList) and the installed packages' files.
const fs = require('node:fs');
process.on('exit', () => {
  const builtins = process.moduleLoadList
    .filter((entry) => entry.startsWith('NativeModule '))
    .map((entry) => entry.slice('NativeModule '.length));
  const packages = Object.keys(require.cache).filter((file) => file.includes('/node_modules/'));
  fs.writeSync(3, JSON.stringify({ builtins, packages }));
});
