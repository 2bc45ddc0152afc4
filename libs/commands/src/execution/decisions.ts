import {
  agreementDecider,
  agreementOrganisationCodes,
  caseDecider,
  decideCarriedName,
  decideSuccessorLink,
  financialYearStart,
  organisationDecider,
  organisationStreamId,
  type NameOrganisation,
  type AgreementCommand,
  type AgreementCreated,
  type AgreementDecisionContext,
  type CalendarDate,
  type CaseCommand,
  type CreateAgreement,
  authorisingAgreement,
  isCalendarDate,
  isWithinFinancialYear,
} from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { assertAuthorised, assertMayName } from '../authorisation/authorise';
import { RevisionMismatchError, StreamNotFoundError } from '../shared/command-errors';
import type { CommandRequest } from './command-request';
import type { StreamReads } from './folded-stream-cache';
import { readFolded, type Fold } from './stream-history';
import { readChainOf } from '../chain/read-chain';
import { foldAgreement, foldCase, readAgreementTerms } from './ledger-streams';

/** The events a command decided on for one stream, and the revision they were decided against. */
export interface StreamDecision {
  streamId: string;
  revisionRead: number | null;
  events: { type: string; data: Record<string, unknown> }[];
  /** The state decided on and its fold, so the command layer can fold the appended events on. */
  basis?: DecisionBasis;
}

/**
 * What a command decided. Most commands write one stream. A few write two, all or nothing
 * (domain.md, "Years: chains of agreements"): a successor's creation links its predecessor,
 * a carry-forward posts in both years. Their other streams' events are `before` or `after`
 * the command's own stream, each appended expecting the revision it was decided against, in
 * one atomic multi-stream append; the idempotency key and the answer belong to the command's
 * own stream. On a store without multi-stream appends they are appended one after the other
 * in that order (see LedgerCommands), so `before` holds the stream whose revision guards the
 * rule.
 */
export interface Decision extends StreamDecision {
  before?: StreamDecision[];
  after?: StreamDecision[];
}

/** A stream's state at `revisionRead`, and how its events fold. */
export interface DecisionBasis {
  state: unknown;
  fold: Fold<unknown, { type: string }>;
}

export interface DecisionInputs {
  store: EventStore;
  today: CalendarDate;
  request: CommandRequest;
  /** The streams this command layer has folded before; a command reads only what is newer. */
  streams?: StreamReads;
}

/** Read the agreement, check who may act on it, then let the agreement decider decide. */
export async function decideOnAgreement(
  command: AgreementCommand,
  { store, today, request, streams }: DecisionInputs,
): Promise<Decision> {
  const { agreementId } = command.data;
  const creating = command.type === 'CreateAgreement';
  const { history, terms } = await foldAgreement(store, agreementId, streams, creating);
  if (!creating && history.revision === null) {
    throw new StreamNotFoundError('agreement', agreementId);
  }
  // A new agreement is in scope for the commissioner it names; an existing one for its own parties.
  assertAuthorised(request.actor, command.type, terms ?? (creating ? command.data : null));
  assertExpectedRevision(history.streamId, history.revision, request);
  const predecessor = creating
    ? await predecessorOf(command, inputsOf(store, request, streams))
    : null;
  const context: AgreementDecisionContext = predecessor
    ? { today, predecessor: predecessor.context }
    : { today };
  const events = agreementDecider.decide(command, history.state, context);
  const decision: Decision = {
    streamId: history.streamId,
    revisionRead: history.revision,
    events,
    basis: basisOf(history.state, agreementDecider),
  };
  const link = predecessor?.link(events[0] as AgreementCreated);
  const named = creating ? await carriedNames(namesOnCreation(command), { store, streams }) : [];
  const before = [...(link ? [link] : []), ...named];
  return before.length > 0 ? { ...decision, before } : decision;
}

/** A name another write carries for the register: which organisation, what, from when. */
interface CarriedName {
  odsCode: string;
  name: string;
  effectiveFrom: CalendarDate;
}

/**
 * An agreement's `organisationNames`, each from its financial year's first day, in the order
 * the agreement names its organisations (commissioner, lead provider, partners). Called once
 * the decider has accepted the creation, so every code and name is a valid one.
 */
function namesOnCreation(command: CreateAgreement): CarriedName[] {
  const names = command.data.organisationNames;
  if (names === undefined || names === null) return [];
  const effectiveFrom = financialYearStart(command.data.financialYear);
  return agreementOrganisationCodes(command.data)
    .filter((odsCode) => Object.hasOwn(names, odsCode))
    .map((odsCode) => ({ odsCode, name: names[odsCode], effectiveFrom }));
}

/**
 * The register's side of a write that carries names (domain.md's organisation register): for
 * each organisation, `OrganisationNamed` on its own stream, expecting the revision read here,
 * in the same atomic append as the write's own events (`before` them, so on a store without
 * multi-stream appends a resend finds the names in force and completes the write alone).
 * Nothing for a name already in force from that date. The write's own authority covers them.
 */
async function carriedNames(
  names: readonly CarriedName[],
  { store, streams }: Pick<DecisionInputs, 'store' | 'streams'>,
): Promise<StreamDecision[]> {
  const decisions: StreamDecision[] = [];
  for (const { odsCode, name, effectiveFrom } of names) {
    const history = await readFolded(
      store,
      organisationStreamId(odsCode),
      organisationDecider,
      streams,
    );
    const events = decideCarriedName(odsCode, name, effectiveFrom, history.state);
    if (events.length === 0) continue;
    decisions.push({
      streamId: history.streamId,
      revisionRead: history.revision,
      events,
      basis: basisOf(history.state, organisationDecider),
    });
  }
  return decisions;
}

/**
 * Records a name in the organisation register: read the organisation's stream, check who may
 * name it (`assertMayName`), check If-Match, let the organisation decider decide.
 */
export async function decideOnOrganisation(
  command: NameOrganisation,
  { store, request, streams }: DecisionInputs,
): Promise<Decision> {
  const { odsCode } = command.data;
  assertMayName(request.actor, odsCode);
  const history = await readFolded(
    store,
    organisationStreamId(odsCode),
    organisationDecider,
    streams,
  );
  assertExpectedRevision(history.streamId, history.revision, request);
  return {
    streamId: history.streamId,
    revisionRead: history.revision,
    events: organisationDecider.decide(command, history.state, null),
    basis: basisOf(history.state, organisationDecider),
  };
}

function inputsOf(
  store: EventStore,
  request: CommandRequest,
  streams: StreamReads | undefined,
): Pick<DecisionInputs, 'store' | 'request' | 'streams'> {
  return { store, request, streams };
}

/**
 * The predecessor a creation names, read from its own stream: what the decider's chain rules
 * need, and the link to append on it. The caller must be in scope to create agreements for
 * the predecessor too, so nobody learns another commissioner's agreement through a refusal.
 */
async function predecessorOf(
  command: CreateAgreement,
  { store, request, streams }: Pick<DecisionInputs, 'store' | 'request' | 'streams'>,
): Promise<{
  context: NonNullable<AgreementDecisionContext['predecessor']>;
  link: (created: AgreementCreated) => StreamDecision | null;
} | null> {
  const predecessorAgreementId = command.data.predecessorAgreementId;
  if (typeof predecessorAgreementId !== 'string' || predecessorAgreementId.trim() === '') {
    return null;
  }
  const { history, terms } = await foldAgreement(store, predecessorAgreementId, streams);
  const { state } = history;
  if (terms !== null) assertAuthorised(request.actor, 'CreateAgreement', terms);
  return {
    context: {
      terms,
      successorAgreementId: state.exists ? state.successorAgreementId : null,
    },
    link: (created) => {
      if (!state.exists) return null;
      const events = decideSuccessorLink(state, created.data);
      if (events.length === 0) return null;
      return {
        streamId: history.streamId,
        revisionRead: history.revision,
        events,
        basis: basisOf(state, agreementDecider),
      };
    },
  };
}

/**
 * Read the case and its agreement (for a referral, the agreement the command names), check
 * who may act on them, then let the case decider decide.
 */
export async function decideOnCase(
  command: CaseCommand,
  { store, today, request, streams }: DecisionInputs,
): Promise<Decision> {
  const { caseId } = command.data;
  const referring = command.type === 'RegisterReferral';
  const record = await foldCase(store, caseId, streams, referring);
  if (!referring && record.agreementId === null) throw new StreamNotFoundError('case', caseId);
  if (referring && record.agreementId !== null) {
    // A case id already taken under another agreement is none of the caller's business
    // unless they are in scope for that agreement too.
    assertAuthorised(
      request.actor,
      command.type,
      await readAgreementTerms(store, record.agreementId, streams),
    );
  }
  const agreementId = referring ? command.data.agreementId : (record.agreementId as string);
  const terms = await readAgreementTerms(store, agreementId, streams);
  assertAuthorised(
    request.actor,
    command.type,
    referring ? terms : await authorisingTerms(command, terms, { store, streams }),
  );
  assertExpectedRevision(record.history.streamId, record.history.revision, request);
  const { history } = record;
  const events = caseDecider.decide(command, history.state, { today, agreement: terms });
  const decision: Decision = {
    streamId: history.streamId,
    revisionRead: history.revision,
    events,
    basis: basisOf(history.state, caseDecider),
  };
  const providerName = command.type === 'StartPlacement' ? command.data.providerName : null;
  if (command.type !== 'StartPlacement' || providerName === undefined || providerName === null) {
    return decision;
  }
  // The provider's name, from the placement's start: the case manager's authority covers it.
  const { providerCode, startDate } = command.data;
  const named = await carriedNames(
    [{ odsCode: providerCode, name: providerName, effectiveFrom: startDate }],
    { store, streams },
  );
  return named.length > 0 ? { ...decision, before: named } : decision;
}

/** The date a case fact takes effect on: the date that says which year it belongs to. */
function factDateOf(command: CaseCommand): unknown {
  switch (command.type) {
    case 'RegisterReferral':
      return command.data.referralDate;
    case 'StartPlacement':
      return command.data.startDate;
    case 'ChangePlacementRate':
      return command.data.effectiveDate;
    case 'RepatriatePatient':
      return command.data.repatriationDate;
    case 'EndPlacement':
      return command.data.endDate;
    case 'DischargePatient':
      return command.data.dischargeDate;
  }
}

/**
 * The agreement a case fact is authorised against (domain.md, "Years: chains of agreements"):
 * a case belongs to the whole chain of the agreement it was registered under, and a fact is
 * judged by the parties of the agreement whose year holds its date, or of the chain's last
 * agreement for a date beyond it. A date that is not one yet (the decider will say so) is
 * judged by the registering agreement.
 */
async function authorisingTerms<Terms extends { agreementId: string; financialYear: string }>(
  command: CaseCommand,
  registered: Terms | null,
  { store, streams }: Pick<DecisionInputs, 'store' | 'streams'>,
): Promise<Terms | AgreementTermsOfChain | null> {
  const date = factDateOf(command);
  if (registered === null || !isCalendarDate(date)) return registered;
  // Most facts fall in the registering agreement's own year: no chain to read for those.
  if (isWithinFinancialYear(date, registered.financialYear)) return registered;
  const read = await readChainOf(store, registered.agreementId, streams);
  if (read === null || read.chain.agreements.length === 1) return registered;
  return authorisingAgreement(read.chain, date);
}

type AgreementTermsOfChain = ReturnType<typeof authorisingAgreement>;

/** An If-Match revision that is already stale fails before deciding on a state the caller never saw. */
export function assertExpectedRevision(
  streamId: string,
  revisionRead: number | null,
  request: CommandRequest,
): void {
  const expected = request.expectedRevision;
  if (expected !== undefined && expected !== null && expected !== revisionRead) {
    throw new RevisionMismatchError(streamId, expected, revisionRead);
  }
}

export function basisOf<State, Event extends { type: string }>(
  state: State,
  fold: Fold<State, Event>,
): DecisionBasis {
  return { state, fold: fold as unknown as Fold<unknown, { type: string }> };
}
