// What the pre-commit hook (.husky/pre-commit, set up by `npm install`) does to the staged files.
// Code gets ESLint's fixes, then Prettier, one after the other: globs that overlap would run both on
// the same file at once. Every other file gets Prettier when Prettier knows its format. npm test
// checks both over the whole tree; the hook keeps a commit from bringing drift in.
export default {
  // --no-warn-ignored: a staged file ESLint is told to skip (generated code) is not a warning.
  '*.{ts,tsx,js,mjs,cjs}': ['eslint --fix --no-warn-ignored', 'prettier --write'],
  '!(*.ts|*.tsx|*.js|*.mjs|*.cjs)': 'prettier --write --ignore-unknown',
};
