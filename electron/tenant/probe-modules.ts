// The probe itself (Graph and Exchange clients, collection, the snapshot format, facts and verdicts) loads on
// first use: starting the backend, which every command line call does, need not evaluate it (README, Benchmarks).
// Keep these imports dynamic.

export const collection = () =>
  Promise.all([import('../probes/graph/graph-adapter'), import('../probes/exchange/invoke-command'), import('./collect')]);

export const scriptOutput = () => import('../probes/exchange/script-output');

export const snapshots = () => import('./snapshot');

export const verdicts = async () => {
  const [facts, rules] = await Promise.all([import('./facts'), import('./grading')]);
  return { extractFacts: facts.extractFacts, evaluate: rules.evaluate };
};
