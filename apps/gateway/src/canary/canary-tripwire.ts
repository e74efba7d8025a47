import { eventSourceOf, EventType } from '@latchkey/contracts';
import { buildCloudEvent, type EventBus } from '@latchkey/messaging';
import { Counter } from 'prom-client';
import { CanaryTrips, type Trip, type TripRequest } from './canary-trips';

const tripped = new Counter({
  name: 'gateway_canary_trips_total',
  help: 'Requests that presented a canary key (each answered like an unknown key, ADR 0024)',
});
const failed = new Counter({
  name: 'gateway_canary_events_failed_total',
  help: '`key.canary_tripped` events NATS did not accept',
});

const SOURCE = eventSourceOf('gateway');

export interface CanaryTripwireOptions {
  bus: EventBus;
  gatewayId: string;
  windowSeconds: number;
  onError?: (error: unknown) => void;
  now?: () => number;
}

/**
 * Raises `key.canary_tripped` when a canary key is presented (ADR 0024): the key's first trip is
 * published at once, off the request (not awaited); later trips within the window are counted and
 * published when it ends. The request is answered like an unknown key whatever happens here.
 */
export class CanaryTripwire {
  private readonly trips: CanaryTrips;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly options: CanaryTripwireOptions) {
    this.trips = new CanaryTrips(options.windowSeconds * 1000, options.gatewayId);
    this.now = options.now ?? Date.now;
  }

  start(): void {
    // Windows end on their own schedule: a check a second is close enough for counted trips.
    this.timer = setInterval(() => this.publishEnded(), 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.trips.takeEnded(Number.POSITIVE_INFINITY).map((trip) => this.publish(trip)));
  }

  trip(orgId: string, keyId: string, clientIp: string, request: TripRequest): void {
    tripped.inc();
    const now = this.trips.trip(orgId, keyId, clientIp, request, this.now());
    if (now) void this.publish(now);
  }

  private publishEnded(): void {
    for (const trip of this.trips.takeEnded(this.now())) void this.publish(trip);
  }

  private async publish({ orgId, data }: Trip): Promise<void> {
    try {
      const event = buildCloudEvent({
        type: EventType.KeyCanaryTripped,
        orgId,
        source: SOURCE,
        subject: data.key_id,
        time: new Date(data.last_at),
        data,
      });
      await this.options.bus.js.publish(
        this.options.bus.subjects.event(orgId, EventType.KeyCanaryTripped),
        JSON.stringify(event),
        { msgID: event.id, timeout: 2000 },
      );
    } catch (error) {
      failed.inc();
      this.options.onError?.(error);
    }
  }
}
