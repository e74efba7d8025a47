import { Option, type Command } from 'commander';
import { USER_ROLES, type UserRole } from '@latchkey/contracts';
import type { PageItem } from '@latchkey/sdk';
import {
  apiClient,
  call,
  send,
  usageError,
  handler,
  type Io,
  defined,
  when,
  ask,
  confirm,
  interactive,
} from '../frame';

type User = PageItem<'/admin/users'>;

const USER_COLUMNS = ['id', 'email', 'name', 'role', 'status', 'kind', 'created'];

const userRow = (user: User) => [
  user.id,
  user.email,
  user.name,
  user.role,
  user.status,
  user.kind,
  when(user.created_at),
];

/** `latchkey users …`: the organisation's members and their roles (owner/admin), through /admin/users. */
export function registerUsersCommands(program: Command, io: Io): void {
  const users = program
    .command('users')
    .summary("the organisation's members and roles")
    .description("The organisation's members and their roles (nobody grants above their own role).");

  users
    .command('list')
    .summary('list members (every page)')
    .action(
      handler(io, async (context) => {
        const { client, connection } = apiClient(context);
        const all: User[] = [];
        await call(
          connection.url,
          (async () => {
            for await (const user of client.paginate('/admin/users', { query: { limit: 100 } }))
              all.push(user);
          })(),
        );
        context.output.result({ data: all }, (out) => out.table(USER_COLUMNS, all.map(userRow)));
      }),
    );

  users
    .command('create')
    .summary('add a member')
    .requiredOption('--email <email>', 'their sign-in email')
    .requiredOption('--name <name>', 'their name')
    .addOption(new Option('--role <role>', 'their role').choices(USER_ROLES).makeOptionMandatory())
    .addOption(new Option('--kind <kind>', 'a person or a service account').choices(['human', 'service']))
    .option('--password <password>', 'their first password (default: LATCHKEY_NEW_PASSWORD, else asked)')
    .action(
      handler<{ email: string; name: string; role: UserRole; kind?: 'human' | 'service'; password?: string }>(
        io,
        async (context, options) => {
          let password = options.password ?? context.env['LATCHKEY_NEW_PASSWORD'];
          if (!password && interactive(context.terminal))
            password = await ask(context.terminal, `Password for ${options.email}: `, true);
          if (!password)
            throw usageError(
              'a password is required: --password, LATCHKEY_NEW_PASSWORD, or asked on a terminal',
            );
          const { client, connection } = apiClient(context);
          const user = await send(
            connection.url,
            client.POST('/admin/users', {
              body: {
                email: options.email,
                name: options.name,
                role: options.role,
                password,
                ...defined({ kind: options.kind }),
              },
            }),
          );
          context.output.result(user, (out) => out.line(`Added ${user.email} (${user.role}) as ${user.id}.`));
        },
      ),
    );

  users
    .command('show')
    .summary("a member's details")
    .argument('<id>', 'the user id (usr_…)')
    .action(
      handler(io, async (context, _options, args) => {
        const { client, connection } = apiClient(context);
        const user = await send(
          connection.url,
          client.GET('/admin/users/{id}', { params: { path: { id: String(args[0]) } } }),
        );
        context.output.result(user, (out) => out.table(USER_COLUMNS, [userRow(user)]));
      }),
    );

  users
    .command('update')
    .summary("change a member's name, role or status")
    .argument('<id>', 'the user id')
    .option('--name <name>', 'their new name')
    .addOption(new Option('--role <role>', 'their new role').choices(USER_ROLES))
    .addOption(
      new Option('--status <status>', 'disabled: they can no longer sign in').choices(['active', 'disabled']),
    )
    .action(
      handler<{ name?: string; role?: UserRole; status?: 'active' | 'disabled' }>(
        io,
        async (context, options, args) => {
          const body = defined({ name: options.name, role: options.role, status: options.status });
          if (Object.keys(body).length === 0)
            throw usageError('nothing to change: give --name, --role or --status');
          const { client, connection } = apiClient(context);
          const user = await send(
            connection.url,
            client.PATCH('/admin/users/{id}', { params: { path: { id: String(args[0]) } }, body }),
          );
          context.output.result(user, (out) => out.table(USER_COLUMNS, [userRow(user)]));
        },
      ),
    );

  users
    .command('remove')
    .summary('remove a member (their tokens stop working)')
    .argument('<id>', 'the user id')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(
      handler<{ yes?: boolean }>(io, async (context, options, args) => {
        const id = String(args[0]);
        if (!options.yes) {
          if (!interactive(context.terminal))
            throw usageError(`users remove ${id}: confirm with --yes (no terminal to ask on)`);
          if (!(await confirm(context.terminal, `Remove user ${id}?`)))
            throw usageError('not removed: the removal was not confirmed');
        }
        const { client, connection } = apiClient(context);
        const removed = await send(
          connection.url,
          client.DELETE('/admin/users/{id}', { params: { path: { id } } }),
        );
        context.output.result(removed ?? { id, removed: true }, (out) => out.line(`Removed user ${id}.`));
      }),
    );
}
