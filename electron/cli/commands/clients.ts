import { ROUTE_LABELS, Route } from '../../../shared/contract/clients';
import { parse, table } from '../args';
import { UsageError, type CliCommand } from '../cli-types';

export const clientsAdd: CliCommand = {
  name: 'clients add',
  summary: 'Add a client (care provider) to the workspace',
  usage: `dcb1596 clients add --name <legal name> --ods <ODS code> --domain <domain> [--domain …] --route o365|google|self-managed
                    [--trading-name <name>] [--tenant <tenant id or domain>] [--cqc <location id>]… [--json]

  --name          Legal name of the organisation
  --ods           ODS code (letters and digits, e.g. V12345 or 1-ABC123)
  --domain        An email domain to accredit; repeat for each domain
  --route         o365 (Microsoft 365), google (Google Workspace) or self-managed
  --trading-name  Trading name, if different
  --tenant        Microsoft 365 tenant ID or contoso.onmicrosoft.com
  --cqc           A CQC location ID (1-123456789); repeat for each
  --json          Print the created client as JSON`,
  async run(ctx, args) {
    const { values } = parse(args, {
      name: { type: 'string' },
      ods: { type: 'string' },
      domain: { type: 'string', multiple: true },
      route: { type: 'string' },
      'trading-name': { type: 'string' },
      tenant: { type: 'string' },
      cqc: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    });
    const missing = (['name', 'ods', 'domain', 'route'] as const).filter((k) => !values[k]);
    if (missing.length) throw new UsageError(`Missing ${missing.map((m) => `--${m}`).join(', ')}.`);
    if (!Route.safeParse(values.route).success) throw new UsageError(`--route must be one of: ${Route.options.join(', ')}.`);
    const client = await ctx.backend().call('client.create', {
      legalName: values.name!,
      odsCode: values.ods!,
      domains: values.domain!,
      route: values.route as Route,
      tradingName: values['trading-name'],
      tenant: values.tenant,
      cqcLocationIds: values.cqc ?? [],
    });
    if (values.json) ctx.io.out(JSON.stringify(client, null, 2));
    else ctx.io.out(`Added ${client.legalName} (${client.odsCode}) — ${ROUTE_LABELS[client.route]}, ${client.domains.join(', ')}`);
    return 0;
  },
};

export const clientsList: CliCommand = {
  name: 'clients list',
  summary: 'List clients',
  usage: `dcb1596 clients list [--search <text>] [--all] [--json]

  --search  Only clients whose name, ODS code or domain contains the text
  --all     Include archived clients
  --json    Print JSON (an array of clients)`,
  async run(ctx, args) {
    const { values } = parse(args, { search: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } });
    const list = await ctx.backend().call('client.list', { search: values.search, includeArchived: values.all ?? false });
    if (values.json) {
      ctx.io.out(JSON.stringify(list, null, 2));
      return 0;
    }
    if (list.length === 0) {
      ctx.io.out(values.search ? `No clients match "${values.search}".` : 'No clients yet. Add one with: dcb1596 clients add --help');
      return 0;
    }
    ctx.io.out(
      table(
        ['ODS', 'Name', 'Route', 'Domains'],
        list.map((c) => [c.odsCode, c.legalName + (c.archived ? ' (archived)' : ''), c.route, c.domains.join(', ')]),
      ),
    );
    return 0;
  },
};

export const clientsShow: CliCommand = {
  name: 'clients show',
  summary: 'Show one client',
  usage: `dcb1596 clients show <ODS code | id | name> [--json]`,
  async run(ctx, args) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' } }, 1);
    if (!positionals[0]) throw new UsageError('Name the client by ODS code, ID or name.');
    const c = await ctx.backend().call('client.find', { ref: positionals[0] });
    if (values.json) ctx.io.out(JSON.stringify(c, null, 2));
    else
      ctx.io.out(
        [
          `${c.legalName}${c.tradingName ? ` (trading as ${c.tradingName})` : ''}${c.archived ? ' — archived' : ''}`,
          `  ODS code   ${c.odsCode}`,
          `  Route      ${ROUTE_LABELS[c.route]}`,
          `  Domains    ${c.domains.join(', ')}`,
          c.tenant ? `  Tenant     ${c.tenant}` : '',
          c.sites.length ? `  Sites      ${c.sites.map((s) => s.name).join(', ')}` : '',
          `  ID         ${c.id}`,
        ]
          .filter(Boolean)
          .join('\n'),
      );
    return 0;
  },
};
