import { Option, type Command } from 'commander';
import { EVENT_TYPES } from '@latchkey/contracts';
import type { paths } from '@latchkey/sdk';
import { defined, instant } from '../frame';

/** The filters the trail's query, export and live tail all take (the API's eventFilterFields). */
export type EventFilters = NonNullable<paths['/audit/events/stream']['get']['parameters']['query']>;
type EventType = NonNullable<EventFilters['type']>;

export interface EventFilterOptions {
  key?: string;
  actor?: string;
  type?: EventType;
  outcome?: string;
  since?: string;
  until?: string;
}

/** Adds the filter options to a command: one declaration for tail and export. */
export function withEventFilters(command: Command): Command {
  return command
    .option('--key <key_id>', 'events of this key')
    .option('--actor <id>', 'events by this actor (a user or key id)')
    .addOption(new Option('--type <type>', 'events of this type').choices(EVENT_TYPES))
    .option('--outcome <outcome>', 'events with this outcome (success, denied…)')
    .option('--since <time>', 'from this time: RFC 3339 or a duration ago (15m, 2h, 7d)', instant())
    .option('--until <time>', 'before this time: RFC 3339 or a duration ago', instant());
}

/** The query of the API from the options given. */
export function eventFilters(options: EventFilterOptions): EventFilters {
  return defined({
    key_id: options.key,
    actor: options.actor,
    type: options.type,
    outcome: options.outcome,
    since: options.since,
    until: options.until,
  });
}
