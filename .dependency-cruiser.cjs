// Dependency direction, checked on every `npm run lint` (STYLE.md "Layers that point one way").
//
//   server:  shared <- store <- {sip, sfu, teams, routing} <- calls <- api <- app/main
//            sip inside:  message <- transport <- transaction <- dialog <- registrar / legs
//   renderer and electron never import server code except its *-types.ts contracts.
//   Electron suffixes: .std.ts imports only .std.ts; .dom.ts never imports .main/.node/.preload;
//   .main.ts / .node.ts never import .dom/.preload.

/** @param {string} from @param {string[]} allowed */
const onlyServerLayers = (from, allowed) => ({
  name: `server-${from}-direction`,
  comment: `server/${from} may import only server/{${allowed.join(', ')}} from the rest of the server`,
  severity: 'error',
  from: { path: `^server/${from}/` },
  to: {
    path: '^server/',
    pathNot: [`^server/${from}/`, ...allowed.map((layer) => `^server/${layer}/`), '-types\\.ts$'],
  },
});

const sipOrder = ['message', 'transport', 'transaction', 'dialog', 'registrar', 'core'];
const sipRules = sipOrder.slice(0, -1).map((layer, index) => ({
  name: `sip-${layer}-is-lower`,
  comment: `server/sip/${layer} sits below ${sipOrder.slice(index + 1).join(', ')}: it calls upward only through its own delegate interfaces`,
  severity: 'error',
  from: { path: `^server/sip/${layer}/` },
  to: { path: `^server/sip/(${sipOrder.slice(index + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    onlyServerLayers('shared', []),
    onlyServerLayers('store', ['shared']),
    onlyServerLayers('sip', ['shared']),
    onlyServerLayers('sfu', ['shared']),
    onlyServerLayers('teams', ['shared', 'store']),
    onlyServerLayers('routing', ['shared', 'store']),
    onlyServerLayers('calls', ['shared', 'store', 'sip', 'sfu', 'routing']),
    onlyServerLayers('api', ['shared', 'store', 'sip', 'sfu', 'teams', 'routing', 'calls']),
    // Trunk glue: where a trunk profile (teams/direct-routing) meets the SIP stack; app.ts wires it.
    onlyServerLayers('trunks', ['shared', 'store', 'sip', 'teams']),
    ...sipRules,
    {
      name: 'no-server-cycles',
      severity: 'error',
      from: { path: '^server/' },
      to: { circular: true },
    },
    {
      name: 'clients-use-only-server-contracts',
      comment: 'renderer/ and electron/ may share types with the server, never its implementation',
      severity: 'error',
      from: { path: '^(renderer|electron)/' },
      to: { path: '^server/', pathNot: '(-types|\\.std)\\.ts$' },
    },
    {
      name: 'server-is-not-a-client',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^(renderer|electron|e2e)/' },
    },
    {
      name: 'std-imports-only-std',
      comment: 'a .std.ts file runs in every context (STYLE.md)',
      severity: 'error',
      from: { path: '\\.std\\.tsx?$' },
      to: { path: '\\.(main|preload|dom|node)\\.tsx?$' },
    },
    {
      name: 'dom-never-imports-node-side',
      severity: 'error',
      from: { path: '\\.dom\\.tsx?$' },
      to: { path: '\\.(main|preload|node)\\.tsx?$' },
    },
    {
      name: 'main-never-imports-page-side',
      severity: 'error',
      from: { path: '\\.(main|node)\\.tsx?$' },
      to: { path: '\\.(dom|preload)\\.tsx?$' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|data|test-results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
