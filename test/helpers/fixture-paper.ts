/** A corpus paper built by hand for unit tests of the pure core: every required field, overridable. */
import type { Community, Paper } from '../../src/core/corpus-schema.ts';

export function fixturePaper(id: string, community: Community, extra: Partial<Paper> = {}): Paper {
  return {
    id,
    title: `Fixture paper ${id}`,
    authors: ['A. Author'],
    year: 2022,
    venue: 'Fixture Venue',
    url: `https://example.org/${id}`,
    kind: 'paper',
    ids: {},
    community,
    communityEvidence: ['hand-built test fixture'],
    summary: `A fixture paper called ${id}.`,
    tags: [],
    provenance: [],
    ...extra,
  };
}
