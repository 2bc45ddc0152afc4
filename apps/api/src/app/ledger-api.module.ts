import {
  BulkImport,
  LedgerChainReports,
  LedgerCommands,
  LedgerLists,
  LedgerOrganisations,
  LedgerQueries,
  LedgerReports,
  type Clock,
} from '@ledger/commands';
import type { EventStore } from '@ledger/event-store';
import { InlineProjectingStore } from '@ledger/read-model/sql';
import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { IssueDevTokenController } from '../dev-tokens/issue-dev-token/issue-dev-token.controller';
import { AuthenticationGuard } from '../http/auth/authentication.guard';
import { LedgerTokens } from '../http/auth/ledger-tokens';
import { OpenIdProvider } from '../http/auth/open-id-provider';
import type { OidcSettings } from '@ledger/config';
import { NhsNumberGuard } from '../http/privacy/nhs-number.guard';
import { ProblemFilter } from '../http/problem/problem.filter';
import { LedgerValidationPipe } from '../http/validation/ledger-validation.pipe';
import { QueryParametersGuard } from '../http/validation/query-parameters.guard';
import { validateImportLine } from '@ledger/contracts';
import { CLOCK, EVENT_STORE, READ_MODEL } from './injection-tokens';
import type { ApiReadModel } from './open-read-model';
import { COMMAND_HANDLERS, QUERY_HANDLERS, USE_CASE_CONTROLLERS } from './use-case-catalogue';
import { WebModule } from '../web/web.module';

export interface LedgerApiOptions {
  store: EventStore;
  clock: Clock;
  jwtSecret: string;
  /** Serve POST /v1/dev/tokens. Off unless asked for. */
  devTokens?: boolean;
  /** Where head reports read from (see openReadModel); without one, reports replay the log. */
  readModel?: ApiReadModel | null;
  /**
   * The OpenID Connect provider (LEDGER_OIDC_*): the web app signs people in with it and the API
   * accepts its tokens beside its own. None: HS256 tokens and development sign-in only.
   */
  oidc?: OidcSettings | null;
}

@Module({})
export class LedgerApiModule {
  static forRoot(options: LedgerApiOptions): DynamicModule {
    const readModel = options.readModel ?? null;
    const inline = readModel?.inline ?? null;
    // Head reports and lists read the read model (embedded: caught up first); without one, the log.
    const headReadModel = readModel && {
      reader: readModel.reader,
      ...(inline && { catchUp: () => inline.catchUp() }),
    };
    // Commands append through the inline projection, when there is one, so an acknowledged
    // write is already in the embedded read model.
    const logger = new Logger('ReadModel');
    const provider = options.oidc ? new OpenIdProvider(options.oidc) : null;
    const writeStore = inline
      ? new InlineProjectingStore(options.store, inline, (error) =>
          logger.error(
            `inline projection failed after an append; the next read retries: ${String(error)}`,
          ),
        )
      : options.store;
    return {
      module: LedgerApiModule,
      // The web app's pages, served beside the API (apps/api/src/web, docs/web.md).
      imports: [
        CqrsModule.forRoot(),
        WebModule.forRoot({
          clock: options.clock,
          devSignIn: options.devTokens === true,
          provider,
        }),
      ],
      controllers: [
        ...USE_CASE_CONTROLLERS,
        ...(options.devTokens ? [IssueDevTokenController] : []),
      ],
      providers: [
        { provide: EVENT_STORE, useValue: options.store },
        { provide: READ_MODEL, useValue: readModel },
        { provide: CLOCK, useValue: options.clock },
        {
          provide: LedgerCommands,
          useFactory: (clock: Clock) => new LedgerCommands({ store: writeStore, clock }),
          inject: [CLOCK],
        },
        {
          provide: BulkImport,
          useFactory: (clock: Clock) =>
            new BulkImport({ store: writeStore, clock, validate: validateImportLine }),
          inject: [CLOCK],
        },
        {
          provide: LedgerQueries,
          useFactory: (store: EventStore) => new LedgerQueries(store),
          inject: [EVENT_STORE],
        },
        {
          provide: LedgerReports,
          useFactory: (store: EventStore, clock: Clock) =>
            new LedgerReports({ store, clock, ...(headReadModel && { readModel: headReadModel }) }),
          inject: [EVENT_STORE, CLOCK],
        },
        {
          provide: LedgerChainReports,
          useFactory: (store: EventStore, clock: Clock, reports: LedgerReports) =>
            new LedgerChainReports({
              store,
              clock,
              reports,
              ...(headReadModel && { readModel: headReadModel }),
            }),
          inject: [EVENT_STORE, CLOCK, LedgerReports],
        },
        {
          provide: LedgerLists,
          useFactory: (store: EventStore) =>
            new LedgerLists({ store, ...(headReadModel && { readModel: headReadModel }) }),
          inject: [EVENT_STORE],
        },
        {
          provide: LedgerOrganisations,
          useFactory: (store: EventStore, clock: Clock) =>
            new LedgerOrganisations({
              store,
              clock,
              ...(headReadModel && { readModel: headReadModel }),
            }),
          inject: [EVENT_STORE, CLOCK],
        },
        {
          provide: LedgerTokens,
          useFactory: (clock: Clock) => new LedgerTokens(options.jwtSecret, clock, provider),
          inject: [CLOCK],
        },
        // Guards run in this order: who is asking first, then what they are sending.
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: NhsNumberGuard },
        { provide: APP_GUARD, useClass: QueryParametersGuard },
        { provide: APP_PIPE, useClass: LedgerValidationPipe },
        { provide: APP_FILTER, useClass: ProblemFilter },
        ...COMMAND_HANDLERS,
        ...QUERY_HANDLERS,
      ],
    };
  }
}
