import type { IncomingHttpHeaders } from 'node:http';
import { Controller, Req } from '@nestjs/common';
import type { ChangeContext, RouteInput } from '@latchkey/contracts';
import { leakReportHeaders, reportLeaks } from '@latchkey/api-routes';
import { Input, parseInput, rawJsonBodyOf } from '@latchkey/runtime';
import { ChangeContextOf, IdentityEndpoint } from '../access';
import { LeakIntakeService } from './leak-intake.service';

/** A header's one value (a repeated header is not one value: left to the schema to refuse). */
const one = (value: string | string[] | undefined): unknown => value;

/** The public leak intake: no credential; the declared input in, the verdicts out. */
@Controller()
export class LeaksController {
  constructor(private readonly intake: LeakIntakeService) {}

  @IdentityEndpoint(reportLeaks)
  report(
    @Input() { body }: RouteInput<typeof reportLeaks>,
    @ChangeContextOf() ctx: ChangeContext,
    @Req() request: { headers: IncomingHttpHeaders },
  ) {
    const headers = parseInput(
      leakReportHeaders,
      {
        'Github-Public-Key-Identifier': one(request.headers['github-public-key-identifier']),
        'Github-Public-Key-Signature': one(request.headers['github-public-key-signature']),
      },
      'headers',
    );
    const signature = {
      keyIdentifier: headers['Github-Public-Key-Identifier'],
      signature: headers['Github-Public-Key-Signature'],
    };
    return this.intake.intake(body, signature, rawJsonBodyOf(request) ?? '', ctx);
  }
}
