import { Module } from '@nestjs/common';
import { TrailModule } from '../trail';
import { QueryController } from './query.controller';

/** Query: the trail, filtered and paged with the one cursor format. */
@Module({ imports: [TrailModule], controllers: [QueryController] })
export class QueryModule {}
