/**
 * Community labels for Anthology records: the shared rules (lead authors outrank venue), with the
 * BlackboxNLP venue line saying why that venue counts (it is the ACL interpretability workshop).
 */
import { proposeCommunity, type CommunityProposal } from './community-rules.ts';
import type { ImportedPaper } from './record.ts';

export function anthologyCommunity(p: ImportedPaper): CommunityProposal {
  const proposal = proposeCommunity({ authors: p.authors, venue: p.venue, url: p.url, acl: p.ids.acl });
  if (!/^BlackboxNLP\b/.test(p.venue)) return proposal;
  return {
    community: proposal.community,
    communityEvidence: proposal.communityEvidence.map((line) =>
      line.startsWith(`venue: ${p.venue} is an ACL venue`)
        ? line.replace(`venue: ${p.venue} is an ACL venue`, `venue: ${p.venue} (ACL interpretability workshop)`)
        : line,
    ),
  };
}
