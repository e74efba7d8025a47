import type { Command } from 'commander';
import { login } from '@latchkey/sdk';
import {
  call,
  CliError,
  usageError,
  handler,
  type Io,
  resolveUrl,
  clearLogin,
  credentialsPath,
  loadLogin,
  saveLogin,
  ExitCode,
  ask,
  interactive,
  readAll,
} from '../frame';

interface LoginOptions {
  email?: string;
  password?: string;
  passwordStdin?: boolean;
}

/**
 * `latchkey login`, `logout`, `whoami`: a user token from POST /auth/login, kept for that gateway in
 * the credentials file (0600). The token is never printed; the password never stored.
 */
export function registerLoginCommands(program: Command, io: Io): void {
  program
    .command('login')
    .summary('sign in and keep the user token for this gateway')
    .description(
      'Sign in with your email and password (POST /auth/login) and keep the user token in the credentials file ' +
        '(mode 0600) for this gateway. On a terminal, what is not given is asked (the password without echo). ' +
        'Prefer LATCHKEY_PASSWORD or --password-stdin to --password in scripts: a flag shows in `ps`.',
    )
    .option('--email <email>', 'the account to sign in as (default: LATCHKEY_EMAIL)')
    .option('--password <password>', 'the password (default: LATCHKEY_PASSWORD, else asked)')
    .option('--password-stdin', 'read the password from stdin (a pipe)')
    .action(
      handler<LoginOptions>(io, async ({ output, globals, env, terminal }, options) => {
        const url = resolveUrl(globals, env);
        const canAsk = interactive(terminal);
        let email = options.email ?? env['LATCHKEY_EMAIL'];
        if (!email && canAsk) email = (await ask(terminal, 'Email: ')).trim();
        if (!email) throw usageError('--email is required (or LATCHKEY_EMAIL; asked on a terminal)');
        let password = options.password ?? env['LATCHKEY_PASSWORD'];
        if (options.passwordStdin) {
          if (!terminal.stdin) throw usageError('--password-stdin: no stdin');
          password = (await readAll(terminal.stdin)).replace(/\r?\n$/, '');
        }
        if (!password && canAsk) password = await ask(terminal, 'Password: ', true);
        if (!password)
          throw usageError(
            'a password is required: asked on a terminal, else --password-stdin or LATCHKEY_PASSWORD',
          );

        const signedIn = await call(
          url,
          login({ baseUrl: url, userAgent: 'latchkey-cli/0.1.0' }, email, password),
        );
        const token = signedIn.token;
        if (typeof token !== 'string')
          throw new CliError(ExitCode.Unexpected, 'login', 'no token in the answer');
        const expiresAt = new Date(Date.now() + signedIn.expiresIn * 1000).toISOString();
        const file = saveLogin({ url, token, expires_at: expiresAt, email }, env);
        output.result({ url, email, expires_at: expiresAt, credentials_file: file }, (out) => {
          out.line(`Signed in to ${url} as ${email}.`);
          out.line(`The token expires at ${expiresAt} (kept in ${file}).`);
        });
      }),
    );

  program
    .command('logout')
    .summary('forget the stored login')
    .description(
      'Delete the stored login (the credentials file). The token itself stays valid until it expires.',
    )
    .action(
      handler(io, ({ output, env }) => {
        const stored = loadStoredQuietly(env);
        clearLogin(env);
        output.result({ logged_out: stored !== undefined, url: stored?.url ?? null }, (out) =>
          out.line(stored ? `Logged out of ${stored.url}.` : 'There was no stored login.'),
        );
      }),
    );

  program
    .command('whoami')
    .summary('the stored login: gateway, account, expiry')
    .description(
      'Show the stored login: the gateway, who signed in and when the token expires (the API has no ' +
        '"who am I" route; any API command tells whether the token is still accepted). Exit code 3 without one.',
    )
    .action(
      handler(io, ({ output, env }) => {
        const stored = loadLogin(env);
        if (!stored)
          throw new CliError(
            ExitCode.Unauthenticated,
            'not authenticated',
            'no stored login: run `latchkey login`',
          );
        const expired = stored.expires_at !== undefined && Date.parse(stored.expires_at) <= Date.now();
        const document = {
          url: stored.url,
          email: stored.email ?? null,
          expires_at: stored.expires_at ?? null,
          expired,
          credentials_file: credentialsPath(env),
        };
        output.result(document, (out) => {
          out.line(`${stored.email ?? 'Someone'} at ${stored.url}`);
          out.line(`token ${expired ? 'expired' : 'expires'} at ${stored.expires_at ?? 'an unknown time'}`);
        });
        if (expired)
          throw new CliError(
            ExitCode.Unauthenticated,
            'not authenticated',
            `the login expired: run \`latchkey login\``,
          );
      }),
    );
}

/** The stored login if it is readable; logout forgets even a damaged or too open file. */
function loadStoredQuietly(env: NodeJS.ProcessEnv) {
  try {
    return loadLogin(env);
  } catch {
    return undefined;
  }
}
