import type { EventStore } from '@ledger/event-store';
import { Controller, Get, Inject, Logger, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, READ_MODEL } from '../app/injection-tokens';
import type { ApiReadModel } from '../app/open-read-model';
import { PublicRoute } from '../http/auth/route-access';
import { checkReadiness, type Readiness } from './readiness';

@ApiTags('operations')
@Controller('ready')
export class ReadinessController {
  private readonly logger = new Logger('Readiness');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL) private readonly readModel: ApiReadModel | null,
  ) {}

  /**
   * Ready when the event store answers and the read model (if any) gives its checkpoint. The
   * body says the state of each either way; see `checkReadiness` and docs/api.md.
   */
  @Get()
  @PublicRoute()
  @ApiOkResponse({ description: 'The event store and the read model answer; their state' })
  @ApiServiceUnavailableResponse({
    description: 'The event store or the read model does not answer; the state of each',
  })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const readiness = await checkReadiness(this.store, this.readModel, (part, error) =>
      this.logger.warn(`not ready: the ${part} did not answer: ${String(error)}`),
    );
    if (readiness.status !== 'ready') void reply.status(503).header('retry-after', '1');
    return readiness;
  }
}
