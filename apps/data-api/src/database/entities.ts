import { OutboxEventSchema } from '@latchkey/messaging';
import { ProjectSchema } from '../projects/project.entity';

/** Every entity data-api owns (all in its own schema). */
export const DATA_API_ENTITIES = [ProjectSchema, OutboxEventSchema];
