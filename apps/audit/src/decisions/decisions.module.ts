import { Module } from '@nestjs/common';
import { TrailModule } from '../trail';
import { DecisionRepository } from './decision.repository';
import { DecisionsController } from './decisions.controller';

/** Decisions: a refusal's explanation, read from the stored `auth.denied` records (ADR 0023). */
@Module({ imports: [TrailModule], controllers: [DecisionsController], providers: [DecisionRepository] })
export class DecisionsModule {}
