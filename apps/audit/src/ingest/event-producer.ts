import { EVENT_PRODUCERS, eventSourceOf, eventTypeOf, type CloudEvent } from '@latchkey/contracts';

/**
 * Whether an event may be stored as its producer's word (ADR 0015). The bus lets each service
 * publish only its own event types on `<prefix>.<org>.<type>`, so the subject is authenticated; the
 * envelope is what the service wrote. An envelope whose type or organisation differs from its
 * subject's, or whose `source` is not the one producer EVENT_PRODUCERS names for its type, is
 * refused: the reason (first word: the metric label) or undefined when it holds.
 */
export function producerRefusal(event: CloudEvent, subject: string, prefix: string): string | undefined {
  const type = eventTypeOf(event.type);
  if (!type) return `unknown type ${event.type.slice(0, 80)}`;
  if (!subject.startsWith(`${prefix}.`)) return 'subject_mismatch not an event subject';
  const rest = subject.slice(prefix.length + 1);
  const dot = rest.indexOf('.');
  const subjectOrg = dot < 0 ? '' : rest.slice(0, dot);
  const subjectType = dot < 0 ? '' : rest.slice(dot + 1);
  if (subjectType !== type) return `subject_mismatch type ${type} published as ${subjectType.slice(0, 80)}`;
  if (subjectOrg !== event.orgid) return 'subject_mismatch organisation differs from the subject';
  const producer = EVENT_PRODUCERS[type];
  if (event.source !== eventSourceOf(producer))
    return `wrong_producer ${event.source.slice(0, 80)} may not emit ${type} (only ${producer})`;
  return undefined;
}
