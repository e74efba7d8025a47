// The frame every command runs in: its context and I/O, API calls through the SDK, argument
// parsing, prompts, errors and exit codes. Commands import it from here, not from the files behind.
export { anonymousClient, apiClient, call, isNetworkError, send } from './api';
export { CliError, problemOf, usageError } from './cli-error';
export { handler, type Io } from './command-context';
export { resolveUrl } from './connection';
export { clearLogin, credentialsPath, loadLogin, saveLogin } from './credentials';
export { EXIT_CODE_MEANINGS, ExitCode } from './exit-codes';
export { Output, type Sink } from './output';
export {
  boolean,
  collect,
  defined,
  instant,
  integer,
  integerOrNone,
  noneAsNull,
  rateLimit,
  type RateLimit,
  when,
} from './parse';
export { startProgress } from './progress';
export { ask, confirm, interactive, readAll } from './prompt';
export { showSecretOnce } from './secret';
