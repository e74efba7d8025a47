import { EventType } from './events';

/** The services that put events on the bus (audit only reads them). */
export const PRODUCERS = ['identity', 'gateway', 'data-api'] as const;
export type Producer = (typeof PRODUCERS)[number];

/**
 * Who may emit each event type: the one declaration behind the bus's publish permissions and the
 * audit service's check of an event's producer. An event of any other producer is refused.
 */
export const EVENT_PRODUCERS: Readonly<Record<EventType, Producer>> = {
  [EventType.KeyCreated]: 'identity',
  [EventType.KeyUpdated]: 'identity',
  [EventType.KeyRotated]: 'identity',
  [EventType.KeyRevoked]: 'identity',
  [EventType.KeyDeleted]: 'identity',
  [EventType.KeyExpired]: 'identity',
  [EventType.KeyExpiring]: 'identity',
  [EventType.KeyDormant]: 'identity',
  [EventType.KeyEnabled]: 'identity',
  [EventType.KeyUsed]: 'gateway',
  [EventType.KeyLeaked]: 'identity',
  [EventType.AuthDenied]: 'gateway',
  [EventType.KeyCanaryTripped]: 'gateway',
  [EventType.UserCreated]: 'identity',
  [EventType.UserRoleChanged]: 'identity',
  [EventType.UserStatusChanged]: 'identity',
  [EventType.UserPasswordChanged]: 'identity',
  [EventType.UserRemoved]: 'identity',
  [EventType.PolicyUpdated]: 'identity',
  [EventType.TokenIssued]: 'identity',
  [EventType.DataChanged]: 'data-api',
  [EventType.NotificationEndpointChanged]: 'identity',
  [EventType.KeysBulkRevoked]: 'identity',
};

/** The event types one producer may emit. */
export function eventTypesOf(producer: Producer): EventType[] {
  return (Object.keys(EVENT_PRODUCERS) as EventType[]).filter((type) => EVENT_PRODUCERS[type] === producer);
}

/** The CloudEvents `source` each producer sets: `latchkey/<producer>`. */
export function eventSourceOf(producer: Producer): string {
  return `latchkey/${producer}`;
}

/** The producer a CloudEvents `source` names, or undefined for anything else. */
export function producerOfSource(source: string): Producer | undefined {
  return PRODUCERS.find((producer) => eventSourceOf(producer) === source);
}
