import type { EventStore } from '@ledger/event-store';
import { EventStoreUnavailableError } from '@ledger/event-store';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE } from '../app/injection-tokens';
import { PublicRoute } from '../http/auth/route-access';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Up only when the event store answers: without it the ledger can neither read nor write. */
  @Get()
  @PublicRoute()
  @ApiOkResponse({ description: 'The API and its event store are up' })
  @ApiServiceUnavailableResponse({ description: 'The event store cannot be reached' })
  async check(): Promise<{ status: 'ok' }> {
    try {
      await this.store.ping();
    } catch (error) {
      throw error instanceof EventStoreUnavailableError
        ? error
        : new EventStoreUnavailableError('The event store did not answer', { cause: error });
    }
    return { status: 'ok' };
  }
}
