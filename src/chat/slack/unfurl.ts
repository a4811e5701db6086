/**
 * Which posted links get a card: those naming a paper a source can be asked about. Only the id is
 * taken from the link; the question asked is a link rebuilt from that id, so what reaches the paper
 * sources is the id, never the pasted URL (its query, fragment or host).
 */
import { parseSourceId, type SourceId } from '../../sources/ids.ts';

function canonicalLink(id: SourceId): string {
  switch (id.kind) {
    case 'arxiv':
      return `https://arxiv.org/abs/${id.value}`;
    case 'acl':
      return `https://aclanthology.org/${id.value}/`;
    case 'doi':
      return `https://doi.org/${id.value}`;
    case 'openreview':
      return `https://openreview.net/forum?id=${id.value}`;
    case 's2':
      return `https://www.semanticscholar.org/paper/${id.value}`;
  }
}

/** The question a posted link is answered as (a link rebuilt from its paper id), or null when it names no paper. */
export function paperLinkQuestion(url: string): string | null {
  const id = parseSourceId(url);
  return id ? canonicalLink(id) : null;
}
