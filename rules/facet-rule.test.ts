// "All aktindsigt → the journal function" is one rule on the handlingsfacet fact: the procedure, not the
// topic, decides where a request for aktindsigt goes, however sure the classifier is of the emne.
import { describe, expect, it } from 'vitest';
import { detectFacet } from '../classifiers/facet.js';
import type { Classification, ExtractedContent } from '../core/model.js';
import { buildFacts } from './facts.js';
import { createRouter } from './router.js';
import { parseRuleFile } from './schema.js';
import { classifiedAs, email } from './test-support.js';

const router = createRouter(
  parseRuleFile({
    destinations: [
      { id: 'BYGGESAG', name: 'Byggesagssystem' },
      { id: 'JOURNAL', name: 'Journalfunktionen (aktindsigt)' },
    ],
    kleRoutes: [{ pattern: '02.34.*', destination: 'BYGGESAG' }],
    rules: [
      {
        name: 'Al aktindsigt til journalfunktionen',
        conditions: { all: [{ fact: 'handlingsfacet', operator: 'equal', value: 'aktindsigt' }] },
        event: { type: 'route', params: { destination: 'JOURNAL' } },
      },
    ],
  }),
);

/** The classifier's emne (a building case, very sure) plus the facet the classify stage detects. */
function classified(content: ExtractedContent): Classification {
  const { facet } = detectFacet(content);
  return { ...classifiedAs('02.34.02', 0.997), ...(facet ? { facet } : {}) };
}

const neighbour = email('Anmodning om aktindsigt – byggesag Skovvej 14', {
  body: [
    'Kære Nørreå Kommune',
    '',
    'Min nabo på Skovvej 14 har fået byggetilladelse til en carport tæt på skellet. Jeg beder hermed om',
    'aktindsigt i byggesagen, herunder ansøgningen, tegningerne og kommunens afgørelse.',
    '',
    'Venlig hilsen',
    'Karen Holm, Skovvej 16',
  ].join('\n'),
});

describe('a rule on the handlingsfacet', () => {
  it('sends a request for aktindsigt in a neighbour\'s building case to the journal function, not the building department', async () => {
    const classification = classified(neighbour);
    expect(buildFacts(neighbour, classification)).toMatchObject({ handlingsfacet: 'aktindsigt', handlingsfacetCode: 'A53', kle: '02.34.02' });
    const decision = await router.route(neighbour, classification);
    expect(decision).toMatchObject({ status: 'routed', destination: 'JOURNAL', ruleId: 'Al aktindsigt til journalfunktionen' });
  });

  it('reads the facet from the content when the classification came back without one (an older stored row)', async () => {
    expect(await router.route(neighbour, classifiedAs('02.34.02', 0.997))).toMatchObject({ destination: 'JOURNAL' });
  });

  it('leaves an ordinary building letter to the KLE route', async () => {
    const letter = email('Byggetilladelse til carport, Skovvej 16', { body: 'Hermed tegninger til min carport. Venlig hilsen Karen Holm' });
    expect(buildFacts(letter, classified(letter)).handlingsfacet).toBeNull();
    expect(await router.route(letter, classified(letter))).toMatchObject({ status: 'routed', destination: 'BYGGESAG' });
  });
});
