/**
 * Proposes a community label (NLPI, MI or other) for a newly imported work, with one
 * evidence line per rule that fired. The seed sorts works by the network of their lead
 * authors (MI if they came in through the MI/alignment community, NLPI if they are close to
 * the ACL interpretability community), so the authors rule outranks where a work appeared;
 * channel and venue follow. The proposal is a starting point: curators edit the label and
 * the lines in `corpus/papers/*.yaml`, and the importer keeps their edits.
 */
import type { Community } from '../core/corpus-schema.ts';
import { authorKey } from '../core/fetched-culture.ts';

/** Lead authors who entered interpretability through the MI or alignment community. */
const MI_AUTHORS = [
  'Chris Olah', 'Christopher Olah', 'Nelson Elhage', 'Catherine Olsson', 'Neel Nanda', 'Trenton Bricken', 'Adly Templeton',
  'Tom Henighan', 'Joshua Batson', 'Jack Lindsey', 'Senthooran Rajamanoharan', 'Arthur Conmy',
  'Tom Lieberum', 'János Kramár', 'Lee Sharkey', 'Hoagy Cunningham', 'Logan Riggs', 'Alexander Matt Turner',
  'Alex Turner', 'Kevin Wang', 'Alexandre Variengien', 'Buck Shlegeris', 'Ryan Greenblatt', 'Nora Belrose',
  'Curt Tigges', 'Samuel Marks', 'Max Tegmark', 'Ziming Liu', 'Leo Gao', 'Dan Braun', 'Lucius Bushnaq',
  'Connor Kissane', 'Adam Karvonen', 'Aleksandar Makelov', 'Jacob Dunefsky', 'Andy Arditi', 'Beren Millidge',
  'Marius Hobbhahn', 'Lawrence Chan', 'Fazl Barez', 'nostalgebraist', 'Charbel-Raphaël Segerie', 'Liv Gorton',
  'Jan Kross', 'Danny Hernandez',
];

/** Lead authors closely tied to the ACL interpretability community (BlackboxNLP and its network). */
const NLPI_AUTHORS = [
  'Yonatan Belinkov', 'Tal Linzen', 'Dieuwke Hupkes', 'John Hewitt', 'Sarah Wiegreffe', 'Naomi Saphra',
  'Adam Lopez', 'Yoav Goldberg', 'Jacob Andreas', 'Ellie Pavlick', 'Afra Alishahi', 'Grzegorz Chrupała',
  'Willem Zuidema', 'Jelle Zuidema', 'Nadir Durrani', 'Hassan Sajjad', 'Fahim Dalvi', 'Elena Voita',
  'Lena Voita', 'Ivan Titov', 'Ryan Cotterell', 'Tiago Pimentel', 'Allyson Ettinger', 'Yanai Elazar',
  'Shauli Ravfogel', 'Mor Geva', 'Ian Tenney', 'Samuel R. Bowman', 'Mario Giulianelli', 'Yuval Pinter',
  'Sarthak Jain', 'Byron C. Wallace', 'Alon Jacovi', 'Jesse Vig', 'Stuart M. Shieber', 'Javier Ferrando',
  'Hosein Mohebbi', 'Gabriele Sarti', 'William Merrill', 'Gail Weiss', 'Kawin Ethayarajh', 'Ana Marasović',
  'Noah A. Smith', 'Kevin Clark', 'Christopher D. Manning', 'Phu Mon Htut', 'Olga Kovaleva', 'Anna Rogers',
  'Jaap Jumelet', 'Kanishka Misra', 'Yair Lakretz', 'Marco Baroni', 'Aaron Mueller',
];

export interface CommunityFacts {
  authors: string[];
  venue: string;
  url: string;
  acl?: string | undefined;
}

export interface CommunityProposal {
  community: Community;
  communityEvidence: string[];
}

interface Finding {
  community: Community;
  line: string;
}

/** First and last given name only (core's rule, shared with the cultural senses of fetched papers). */
const nameKey = authorKey;

const MI_KEYS = new Set(MI_AUTHORS.map(nameKey));
const NLPI_KEYS = new Set(NLPI_AUTHORS.map(nameKey));

function authorFinding(authors: string[]): Finding | undefined {
  const lead: [string, string][] = [[authors[0]!, 'first author']];
  if (authors.length > 1) lead.push([authors[authors.length - 1]!, 'last author']);
  for (const [name, role] of lead) {
    const key = nameKey(name);
    if (MI_KEYS.has(key)) return { community: 'MI', line: `authors: ${name} (${role}) is in the MI/alignment network` };
    if (NLPI_KEYS.has(key)) {
      return { community: 'NLPI', line: `authors: ${name} (${role}) is in the ACL interpretability network` };
    }
  }
  return undefined;
}

const CHANNELS: [RegExp, string][] = [
  [/^https:\/\/transformer-circuits\.pub\//, 'the Transformer Circuits Thread'],
  [/^https:\/\/distill\.pub\/2020\/circuits\//, 'the Distill Circuits thread'],
  [/^https:\/\/www\.lesswrong\.com\//, 'LessWrong'],
  [/^https:\/\/www\.alignmentforum\.org\//, 'the AI Alignment Forum'],
];

function channelFinding(url: string): Finding | undefined {
  const hit = CHANNELS.find(([pattern]) => pattern.test(url));
  return hit ? { community: 'MI', line: `channel: published on ${hit[1]}` } : undefined;
}

const ACL_VENUE = /\b(ACL|EMNLP|NAACL|EACL|TACL|CoNLL|BlackboxNLP|IJCNLP|Computational Linguistics|RepEval|Rep4NLP|RepL4NLP|SemEval|LREC|IWCS|COLING)\b/;
const OTHER_VENUE =
  /\b(NeurIPS|NIPS|ICLR|ICML|AAAI|IJCAI|KDD|UAI|CLeaR|AIES|SaTML|USENIX|TMLR|COLM|PLoS|Nature|Communications of the ACM|Cognitive|CogSci|Psychology|Philosophy|Human Behavior)\b/;

function venueFinding(facts: CommunityFacts): Finding | undefined {
  if (facts.acl || ACL_VENUE.test(facts.venue)) {
    return { community: 'NLPI', line: `venue: ${facts.venue} is an ACL venue` };
  }
  return undefined;
}

/** Only when no other rule fires: NLPI and MI researchers publish at ML venues too. */
function fallbackFinding(facts: CommunityFacts): Finding {
  if (OTHER_VENUE.test(facts.venue)) {
    return { community: 'other', line: `venue: ${facts.venue} is outside NLP, and no NLPI or MI author or channel rule matched` };
  }
  return { community: 'other', line: 'no rule matched: not an ACL or MI venue, channel or author' };
}

/**
 * Authors outrank channel, channel outranks venue. A lower-ranked line that disagrees is
 * kept, marked as outweighed, so a reviewer sees the conflict.
 */
export function proposeCommunity(facts: CommunityFacts): CommunityProposal {
  const findings = [authorFinding(facts.authors), channelFinding(facts.url), venueFinding(facts)].filter(
    (f): f is Finding => f !== undefined,
  );
  const decisive = findings[0] ?? fallbackFinding(facts);
  const communityEvidence = (findings.length > 0 ? findings : [decisive]).map((f) =>
    f.community === decisive.community ? f.line : `${f.line}, outweighed by the ${decisive.line.split(':')[0]} rule`,
  );
  return { community: decisive.community, communityEvidence };
}
