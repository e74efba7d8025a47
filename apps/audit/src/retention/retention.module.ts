import { Module } from '@nestjs/common';
import { ChainModule } from '../chain';
import { TrailModule } from '../trail';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

/** Retention: deletes what is past its retention period, recording each chain's signed cut. */
@Module({ imports: [TrailModule, ChainModule], providers: [RetentionRepository, RetentionService] })
export class RetentionModule {}
