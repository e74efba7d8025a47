import { OutboxEventSchema } from '@latchkey/messaging';
import { InvoiceSchema } from '../resources/invoice.entity';
import { LeadSchema } from '../resources/lead.entity';
import { ProjectSchema } from '../resources/project.entity';
import { TransactionSchema } from '../resources/transaction.entity';
import { WebhookEventSchema } from '../webhooks/webhook-event.entity';

/** Every entity data-api owns (all in its own schema). */
export const DATA_API_ENTITIES = [
  ProjectSchema,
  LeadSchema,
  InvoiceSchema,
  TransactionSchema,
  WebhookEventSchema,
  OutboxEventSchema,
];
