// Run before anything else by `npm start`, `npm test` and `leaklab`: the rest of Leak Lab is
// TypeScript run by Node's type stripping, which an older Node refuses with a stack trace
// (ERR_UNKNOWN_FILE_EXTENSION) that does not say what to do. Plain JavaScript that any Node
// can run; on a new enough Node it does nothing.
const MIN_MAJOR = 22;
const MIN_MINOR = 18;

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < MIN_MAJOR || (major === MIN_MAJOR && minor < MIN_MINOR)) {
  process.stderr.write(
    `Leak Lab needs Node.js >= ${MIN_MAJOR}.${MIN_MINOR} (this is ${process.version}): ` +
      'install Node 24 LTS from https://nodejs.org or with a version manager (nvm install 24), then run the command again.\n',
  );
  process.exit(1);
}
