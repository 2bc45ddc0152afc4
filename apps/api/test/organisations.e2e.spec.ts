/**
 * The organisation register and the names beside ODS codes (issue #12, item 5), over HTTP on the
 * real API and a real SQLite file (TODAY = 2025-10-15):
 * - names recorded on their own (POST /v1/organisations/{odsCode}/names), carried on an
 *   agreement's creation (from its year's first day) and on a placement's start (from its start
 *   date); a rename with a later effectiveFrom keeps the old name for the dates before it;
 * - who may name whom, the same name from the same date refused (409), a bad name refused (400)
 *   and one holding an NHS number refused (422) without echoing it, nothing written;
 * - the register (GET /v1/organisations, JSON and CSV, paged) and one organisation's history;
 * - every report and list naming the codes it mentions, as of its business date and as known at
 *   its knowledge point: a report before and after the rename date, a knowledge time before a
 *   naming, a code never named (null, and the report still answers), CSV and XLSX with names.
 */
import { Workbook } from 'exceljs';
import * as f from './testing/ledger-fixtures';
import { LedgerTestApp } from './testing/ledger-test-app';

const OXLEAS = 'Oxleas NHS Foundation Trust';
const OXLEAS_RENAMED = 'Oxleas and Bexley NHS Foundation Trust';
const SLAM = 'South London and Maudsley NHS Foundation Trust';
const HUB = 'NHS England Specialised Commissioning (London)';
const PRIORY = 'Independent Hospital Ltd';

interface Named {
  organisations: { odsCode: string; name: string | null }[];
  knownAt: number;
}

const nameOf = (report: Named, odsCode: string) =>
  report.organisations.find((o) => o.odsCode === odsCode)?.name;

describe('the organisation register over HTTP', () => {
  let ledger: LedgerTestApp;
  /** The log position of the rename, and of RQY's first naming. */
  let renamedAt: number;
  let rqyNamedAt: number;

  beforeAll(async () => {
    ledger = await LedgerTestApp.start();
    // The agreement names three of its four organisations; RQY it leaves unnamed.
    const created = await ledger.post(f.paths.agreements, f.commissioner, {
      ...f.agreementBody(),
      organisationNames: { '13R': HUB, RV5: ` ${SLAM} `, RPG: OXLEAS },
    });
    expect(created.statusCode).toBe(201);
    await ledger.post(f.paths.allocations(), f.commissioner, f.allocationBody());
    await ledger.post(f.paths.cases, f.leadCaseManager, f.referralBody());
    // An out-of-area bed at NVC01, named by the case manager as the placement starts.
    const placed = await ledger.post(f.paths.placements(), f.leadCaseManager, {
      ...f.outOfAreaPlacementBody(),
      providerName: PRIORY,
    });
    expect(placed.statusCode).toBe(201);
    // Oxleas renamed from 1 September 2025, by the commissioner.
    const renamed = await ledger.post('/v1/organisations/RPG/names', f.commissioner, {
      name: OXLEAS_RENAMED,
      effectiveFrom: '2025-09-01',
    });
    expect(renamed.statusCode).toBe(201);
    renamedAt = renamed.json<{ position: number }>().position;
    // RQY's finance team names its own trust, last.
    const rqy = await ledger.post(
      '/v1/organisations/RQY/names',
      { subject: 'rita', role: 'lead-provider-finance', organisationCode: 'RQY' },
      {
        name: 'South West London and St George’s Mental Health NHS Trust',
        effectiveFrom: '2025-04-01',
      },
    );
    expect(rqy.statusCode).toBe(201);
    rqyNamedAt = rqy.json<{ position: number }>().position;
  });

  afterAll(() => ledger.dispose());

  describe('recording names', () => {
    it('answers a naming like every write: 201, receipt on organisation-<odsCode>, ETag, Location', async () => {
      const response = await ledger.post('/v1/organisations/NQ1/names', f.commissioner, {
        name: 'Northern Quarter Hospital',
        effectiveFrom: '2025-04-01',
      });
      expect(response.statusCode).toBe(201);
      expect(response.headers.etag).toBe('"0"');
      expect(response.headers.location).toBe('/v1/organisations/NQ1');
      expect(response.json()).toMatchObject({
        streamId: 'organisation-NQ1',
        revision: 0,
        events: [{ type: 'OrganisationNamed', revision: 0 }],
      });
      // If-Match names the organisation's stream revision, as on every write.
      const stale = await ledger.post(
        '/v1/organisations/NQ1/names',
        f.commissioner,
        { name: 'NQ Hospital', effectiveFrom: '2026-01-01' },
        { 'if-match': '"5"' },
      );
      expect(stale.statusCode).toBe(412);
    });

    it('records a naming from an import line, under the same rules', async () => {
      const line = (name: string) =>
        JSON.stringify({
          command: 'NameOrganisation',
          data: { odsCode: 'NQ1', name, effectiveFrom: '2030-01-01' },
        });
      const imported = await ledger.app.inject({
        method: 'POST',
        url: '/v1/imports?mode=all-or-nothing',
        headers: {
          authorization: `Bearer ${await ledger.token(f.commissioner)}`,
          'content-type': 'application/x-ndjson',
        },
        payload: `${line('NQ Hospital')}\n`,
      });
      expect(imported.statusCode).toBe(200);
      expect(imported.json()).toMatchObject({ applied: 1, failed: 0 });
      const history = (await ledger.get('/v1/organisations/NQ1', f.reviewer)).json();
      expect(history).toMatchObject({
        name: 'Northern Quarter Hospital',
        names: [
          { effectiveFrom: '2025-04-01' },
          { name: 'NQ Hospital', effectiveFrom: '2030-01-01' },
        ],
      });
    });

    it('lets a trust’s finance team name itself but no other, and never a case manager', async () => {
      const head = await ledger.head();
      const other = await ledger.post('/v1/organisations/RPG/names', f.leadFinance, {
        name: 'Not ours to name',
        effectiveFrom: '2025-04-01',
      });
      expect(other.statusCode).toBe(403);
      expect(other.json()).toMatchObject({ code: 'AUTH.OUT_OF_SCOPE' });
      const caseManager = await ledger.post('/v1/organisations/RV5/names', f.leadCaseManager, {
        name: 'Ours',
        effectiveFrom: '2025-04-01',
      });
      expect(caseManager.json()).toMatchObject({ code: 'AUTH.FORBIDDEN_ROLE' });
      expect(await ledger.head()).toBe(head);
    });

    it('refuses the same name again from the same date (409), and records a correction', async () => {
      const again = await ledger.post('/v1/organisations/RPG/names', f.commissioner, {
        name: ` ${OXLEAS_RENAMED}`,
        effectiveFrom: '2025-09-01',
      });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({
        code: 'ORGANISATION.NAME_ALREADY_RECORDED',
        odsCode: 'RPG',
        effectiveFrom: '2025-09-01',
        retryable: false,
      });
    });

    it('refuses a blank name, a bad date and a bad code, naming each field, writing nothing', async () => {
      const head = await ledger.head();
      const bad = await ledger.post('/v1/organisations/RPG/names', f.commissioner, {
        name: '   ',
        effectiveFrom: '2025-02-30',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([
        'name',
        'effectiveFrom',
      ]);
      const code = await ledger.post('/v1/organisations/rpg/names', f.commissioner, {
        name: OXLEAS,
        effectiveFrom: '2025-04-01',
      });
      expect(code.statusCode).toBe(400);
      expect(code.json()).toMatchObject({ errors: [{ field: 'path.odsCode' }] });
      expect(await ledger.head()).toBe(head);
    });

    it.each([
      [
        'a naming',
        '/v1/organisations/RPG/names',
        { name: 'Ward 943 476 5919', effectiveFrom: '2025-04-01' },
        'name',
      ],
      [
        'an agreement’s organisationNames',
        f.paths.agreements,
        { ...f.agreementBody('other-2025-26'), organisationNames: { RV5: 'SLaM 9434765919' } },
        'organisationNames.RV5',
      ],
    ])(
      'refuses an NHS number in %s with 422, never echoing it, writing nothing',
      async (_what, path, body, field) => {
        const head = await ledger.head();
        const response = await ledger.post(path, f.commissioner, body);
        expect(response.statusCode).toBe(422);
        expect(response.json()).toMatchObject({
          code: 'PATIENT.NHS_NUMBER_REFUSED',
          errors: [{ field, message: 'holds a valid NHS number' }],
        });
        expect(response.body).not.toMatch(/943\D?476\D?5919/);
        expect(await ledger.head()).toBe(head);
      },
    );

    it('refuses organisationNames for a code the agreement does not name (422), writing nothing', async () => {
      const head = await ledger.head();
      const response = await ledger.post(f.paths.agreements, f.commissioner, {
        ...f.agreementBody('other-2025-26'),
        organisationNames: { NVC01: PRIORY },
      });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({
        code: 'VALIDATION.FAILED',
        errors: [{ field: 'organisationNames.NVC01' }],
      });
      expect(await ledger.head()).toBe(head);
    });
  });

  describe('reading the register', () => {
    it('lists every named organisation by code with its name today, a page at a time', async () => {
      const first = await ledger.get('/v1/organisations?limit=3', f.analyst);
      expect(first.statusCode).toBe(200);
      const page = first.json<{ organisations: unknown[]; nextCursor: string; next: string }>();
      expect(page).toMatchObject({
        asOf: '2025-10-15',
        organisations: [
          { odsCode: '13R', name: HUB, nameFrom: '2025-04-01' },
          { odsCode: 'NQ1', name: 'Northern Quarter Hospital', nameFrom: '2025-04-01' },
          { odsCode: 'NVC01', name: PRIORY, nameFrom: '2025-06-01' },
        ],
        nextCursor: 'NVC01',
        next: '/v1/organisations?limit=3&after=NVC01',
      });
      const second = (await ledger.get(page.next, f.analyst)).json();
      expect(second).toMatchObject({
        organisations: [
          { odsCode: 'RPG', name: OXLEAS_RENAMED, nameFrom: '2025-09-01' },
          { odsCode: 'RQY', nameFrom: '2025-04-01' },
          { odsCode: 'RV5', name: SLAM, nameFrom: '2025-04-01' },
        ],
        nextCursor: null,
        next: null,
      });
    });

    it('shows the names in force on another date, and downloads as CSV', async () => {
      const before = (
        await ledger.get('/v1/organisations?asOf=2025-08-31&after=NVC01&limit=1', f.reviewer)
      ).json();
      expect(before).toMatchObject({ organisations: [{ odsCode: 'RPG', name: OXLEAS }] });
      const csv = await ledger.get('/v1/organisations?format=csv&asOf=2025-05-31', f.reviewer);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toBe(
        'attachment; filename="organisations-2025-10-15.csv"',
      );
      // NVC01 was named from its placement's start, 1 June: none in force on 31 May.
      expect(csv.body.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
        'ods_code,name,name_from,as_of',
        `13R,${HUB},2025-04-01,2025-05-31`,
        'NQ1,Northern Quarter Hospital,2025-04-01,2025-05-31',
        'NVC01,,,2025-05-31',
        `RPG,${OXLEAS},2025-04-01,2025-05-31`,
        'RQY,South West London and St George’s Mental Health NHS Trust,2025-04-01,2025-05-31',
        `RV5,${SLAM},2025-04-01,2025-05-31`,
        '',
      ]);
    });

    it('gives one organisation’s history: each naming, who recorded it and when, its revision as ETag', async () => {
      const response = await ledger.get('/v1/organisations/RPG', f.reviewer);
      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe('"1"');
      expect(response.json()).toMatchObject({
        odsCode: 'RPG',
        name: OXLEAS_RENAMED,
        revision: 1,
        names: [
          {
            name: OXLEAS,
            effectiveFrom: '2025-04-01',
            recordedAt: '2025-10-15T10:00:00.000Z',
            recordedBy: f.commissioner,
          },
          {
            name: OXLEAS_RENAMED,
            effectiveFrom: '2025-09-01',
            recordedBy: f.commissioner,
            position: renamedAt,
          },
        ],
      });
      const unknown = await ledger.get('/v1/organisations/RWK', f.reviewer);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ code: 'ORGANISATION.NOT_FOUND' });
    });
  });

  describe('names beside codes in reports and lists', () => {
    const report = (name: string, query: string) =>
      `/v1/agreements/${f.AGREEMENT_ID}/reports/${name}?${query}`;

    it('names the agreement’s parties and its providers as of the report’s date: before and after the rename', async () => {
      // Before 1 September Oxleas had its old name; from it, its new one.
      const august = (
        await ledger.get(report('budget', 'asOf=2025-08-31'), f.reviewer)
      ).json<Named>();
      expect(august.organisations).toEqual([
        { odsCode: '13R', name: HUB },
        { odsCode: 'RV5', name: SLAM },
        { odsCode: 'RPG', name: OXLEAS },
        { odsCode: 'RQY', name: 'South West London and St George’s Mental Health NHS Trust' },
        { odsCode: 'NVC01', name: PRIORY },
      ]);
      const september = (
        await ledger.get(report('budget', 'asOf=2025-09-30'), f.reviewer)
      ).json<Named>();
      expect(nameOf(september, 'RPG')).toBe(OXLEAS_RENAMED);
    });

    it('gives null for a name not yet known at the knowledge point, and the report still answers', async () => {
      for (const name of ['balances', 'budget', 'savings', 'oap-metrics']) {
        const response = await ledger.get(
          report(name, `asOf=2025-09-30&knownAtPosition=${rqyNamedAt - 1}`),
          f.reviewer,
        );
        expect([name, response.statusCode]).toEqual([name, 200]);
        const known = response.json<Named>();
        expect([name, nameOf(known, 'RQY')]).toEqual([name, null]);
        // Known before the rename was recorded: the old name stood for September then.
        const beforeRename = (
          await ledger.get(
            report(name, `asOf=2025-09-30&knownAtPosition=${renamedAt - 1}`),
            f.reviewer,
          )
        ).json<Named>();
        expect([name, nameOf(beforeRename, 'RPG')]).toEqual([name, OXLEAS]);
      }
    });

    it('names a statement’s organisations, and a spend account’s provider', async () => {
      const account = encodeURIComponent('spend:adult-medium-secure:out-of-area:NVC01');
      const statement = (
        await ledger.get(
          `/v1/agreements/${f.AGREEMENT_ID}/accounts/${account}/statement`,
          f.reviewer,
        )
      ).json<Named>();
      expect(nameOf(statement, 'NVC01')).toBe(PRIORY);
      expect(nameOf(statement, '13R')).toBe(HUB);
    });

    it('puts a name column beside each code column in CSV, and an organisations section', async () => {
      const forecast = await ledger.get(
        report('budget', 'asOf=2025-09-30&format=csv&section=forecast'),
        f.reviewer,
      );
      const [header, row] = forecast.body.replace(/^\uFEFF/, '').split('\r\n');
      expect(header).toBe(
        'service_line,case_id,placement_id,setting,provider_code,provider_name,daily_rate_gbp,nights_left,remaining_cost_gbp',
      );
      expect(row).toContain(`,NVC01,${PRIORY},`);
      const organisations = await ledger.get(
        report('savings', 'asOf=2025-09-30&format=csv&section=organisations'),
        f.reviewer,
      );
      expect(organisations.headers['content-disposition']).toBe(
        `attachment; filename="${f.AGREEMENT_ID}-savings-organisations-2025-09-30.csv"`,
      );
      expect(organisations.body.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
        'ods_code,name',
        `13R,${HUB}`,
        `RV5,${SLAM}`,
        `RPG,${OXLEAS_RENAMED}`,
        'RQY,South West London and St George’s Mental Health NHS Trust',
        '',
      ]);
    });

    it('has an Organisations sheet in the XLSX, and provider names on the by-provider sheet', async () => {
      const response = await ledger.get(
        report('budget', 'asOf=2025-08-31&format=xlsx'),
        f.reviewer,
      );
      const workbook = new Workbook();
      await workbook.xlsx.load(
        response.rawPayload as unknown as Parameters<Workbook['xlsx']['load']>[0],
      );
      const sheet = workbook.getWorksheet('Organisations')!;
      const rows = sheet
        .getSheetValues()
        .slice(1)
        .map((r) => (r as unknown[]).slice(1));
      expect(rows).toEqual([
        ['Organisation (ODS)', 'Name'],
        ['13R', HUB],
        ['RV5', SLAM],
        ['RPG', OXLEAS],
        ['RQY', 'South West London and St George’s Mental Health NHS Trust'],
        ['NVC01', PRIORY],
      ]);
      const byProvider = workbook.getWorksheet('By provider')!;
      expect((byProvider.getRow(1).values as unknown[]).slice(1)).toEqual([
        'Service line',
        'Setting',
        'Provider (ODS)',
        'Provider name',
        'Spend to date',
      ]);
    });

    it('names the codes of the lists, in JSON and beside them in CSV', async () => {
      const cases = (await ledger.get('/v1/cases', f.reviewer)).json<Named>();
      expect(cases.organisations).toEqual([{ odsCode: 'NVC01', name: PRIORY }]);
      const csv = (await ledger.get('/v1/cases?format=csv', f.reviewer)).body.replace(
        /^\uFEFF/,
        '',
      );
      expect(csv.split('\r\n')[0]).toContain(',provider_code,provider_name,');
      expect(csv.split('\r\n')[1]).toContain(`,NVC01,${PRIORY},`);
      const agreements = await ledger.get('/v1/agreements?format=csv', f.reviewer);
      const [header, row] = agreements.body.replace(/^\uFEFF/, '').split('\r\n');
      expect(header).toBe(
        'agreement_id,financial_year,commissioner_code,commissioner_name,lead_provider_code,lead_provider_name,' +
          'partner_provider_codes,partner_provider_names,service_lines,savings_horizon_days',
      );
      expect(row).toBe(
        `${f.AGREEMENT_ID},2025/26,13R,${HUB},RV5,${SLAM},RPG;RQY,` +
          `${OXLEAS_RENAMED};South West London and St George’s Mental Health NHS Trust,` +
          'adult-medium-secure;adult-low-secure,365',
      );
    });
  });
});
