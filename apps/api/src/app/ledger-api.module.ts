import {
  BulkImport,
  LedgerCommands,
  LedgerQueries,
  LedgerReports,
  type Clock,
} from '@ledger/commands';
import type { EventStore } from '@ledger/event-store';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { IssueDevTokenController } from '../dev-tokens/issue-dev-token/issue-dev-token.controller';
import { AuthenticationGuard } from '../http/auth/authentication.guard';
import { LedgerTokens } from '../http/auth/ledger-tokens';
import { NhsNumberGuard } from '../http/privacy/nhs-number.guard';
import { ProblemFilter } from '../http/problem/problem.filter';
import { LedgerValidationPipe } from '../http/validation/ledger-validation.pipe';
import { validateImportLine } from '../imports/import-commands/import-line-validation';
import { CLOCK, EVENT_STORE } from './injection-tokens';
import { COMMAND_HANDLERS, USE_CASE_CONTROLLERS } from './use-case-catalogue';

export interface LedgerApiOptions {
  store: EventStore;
  clock: Clock;
  jwtSecret: string;
  /** Serve POST /v1/dev/tokens. Off unless asked for. */
  devTokens?: boolean;
}

@Module({})
export class LedgerApiModule {
  static forRoot(options: LedgerApiOptions): DynamicModule {
    return {
      module: LedgerApiModule,
      imports: [CqrsModule.forRoot()],
      controllers: [
        ...USE_CASE_CONTROLLERS,
        ...(options.devTokens ? [IssueDevTokenController] : []),
      ],
      providers: [
        { provide: EVENT_STORE, useValue: options.store },
        { provide: CLOCK, useValue: options.clock },
        {
          provide: LedgerCommands,
          useFactory: (store: EventStore, clock: Clock) => new LedgerCommands({ store, clock }),
          inject: [EVENT_STORE, CLOCK],
        },
        {
          provide: BulkImport,
          useFactory: (store: EventStore, clock: Clock) =>
            new BulkImport({ store, clock, validate: validateImportLine }),
          inject: [EVENT_STORE, CLOCK],
        },
        {
          provide: LedgerQueries,
          useFactory: (store: EventStore) => new LedgerQueries(store),
          inject: [EVENT_STORE],
        },
        {
          provide: LedgerReports,
          useFactory: (store: EventStore, clock: Clock) => new LedgerReports({ store, clock }),
          inject: [EVENT_STORE, CLOCK],
        },
        {
          provide: LedgerTokens,
          useFactory: (clock: Clock) => new LedgerTokens(options.jwtSecret, clock),
          inject: [CLOCK],
        },
        // Guards run in this order: who is asking first, then what they are sending.
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: NhsNumberGuard },
        { provide: APP_PIPE, useClass: LedgerValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
        ...COMMAND_HANDLERS,
      ],
    };
  }
}
