/**
 * Which paper an input names, as an id a source can be asked about. Only ids are taken from what the
 * user pasted: the link itself is never fetched, and a link to any other site names no paper.
 *
 * The arXiv / ACL / DOI parsing of `src/core/input.ts` is reused; this adds what the sources need on top:
 * old-style arXiv ids and links, OpenReview forum links, Semantic Scholar paper links, and the DOIs that
 * are really arXiv or Anthology ids.
 */
import { normalizeAclId, parseInput, type PaperIdentifier } from '../core/input.ts';
import { parseArxivId } from '../ingest/arxiv-id.ts';

export type SourceIdKind = 'arxiv' | 'acl' | 'doi' | 'openreview' | 's2';

export interface SourceId {
  kind: SourceIdKind;
  value: string;
}

const ARXIV_ID = /^(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})$/;
const ACL_ID = /^(\d{4}\.[a-z0-9]+-[a-z0-9]+\.\d+|[A-Z]\d{2}-\d{4})$/i;
const DOI = /^10\.\d{4,9}\/\S+$/;
const OPENREVIEW_ID = /^[A-Za-z0-9_-]{6,40}$/;
const S2_ID = /^[0-9a-f]{40}$/;

/** True when `id` is well-formed for its kind, so it may be put into a request to a source. */
export function isValidSourceId(id: SourceId): boolean {
  switch (id.kind) {
    case 'arxiv':
      return ARXIV_ID.test(id.value);
    case 'acl':
      return ACL_ID.test(id.value);
    case 'doi':
      // No dot segments: a DOI goes into a URL path.
      return DOI.test(id.value) && !id.value.split('/').some((s) => s === '.' || s === '..') && id.value.length <= 300;
    case 'openreview':
      return OPENREVIEW_ID.test(id.value);
    case 's2':
      return S2_ID.test(id.value);
  }
}

/** DOIs that are really arXiv (DataCite `10.48550/arXiv.…`) or Anthology (`10.18653/v1/…`) ids. */
function fromDoi(doi: string): SourceId {
  const d = doi.toLowerCase();
  const arxiv = /^10\.48550\/arxiv\.(.+)$/.exec(d)?.[1];
  if (arxiv) {
    const id = parseArxivId(arxiv);
    if (id) return { kind: 'arxiv', value: id };
  }
  const acl = /^10\.18653\/v1\/(.+)$/.exec(d)?.[1];
  if (acl && ACL_ID.test(acl)) return { kind: 'acl', value: normalizeAclId(acl) };
  return { kind: 'doi', value: d };
}

/** Ids found in a link's host and path or query (the link is only read, never requested). */
function fromUrl(raw: string): SourceId | null {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  const host = u.hostname.toLowerCase();
  if (/(^|\.)arxiv\.org$/.test(host)) {
    const id = parseArxivId(`arxiv.org${u.pathname}`);
    return id ? { kind: 'arxiv', value: id } : null;
  }
  if (/(^|\.)openreview\.net$/.test(host) && /^\/(forum|pdf|attachment)\/?$/.test(u.pathname)) {
    const id = u.searchParams.get('id') ?? u.searchParams.get('noteId');
    return id && OPENREVIEW_ID.test(id) ? { kind: 'openreview', value: id } : null;
  }
  if (/(^|\.)semanticscholar\.org$/.test(host)) {
    const id = /\/paper\/(?:[^/]+\/)?([0-9a-f]{40})\/?$/.exec(u.pathname)?.[1];
    return id ? { kind: 's2', value: id } : null;
  }
  return null;
}

/**
 * A `PaperIdentifier` from `parseInput` → the id a source is asked about, or null when the input names no
 * paper a source can look up (e.g. a link to another site).
 */
export function toSourceId(id: PaperIdentifier): SourceId | null {
  let out: SourceId | null;
  switch (id.kind) {
    case 'arxiv':
      out = { kind: 'arxiv', value: parseArxivId(id.value) ?? id.value };
      break;
    case 'acl':
      out = { kind: 'acl', value: normalizeAclId(id.value) };
      break;
    case 'doi':
      out = fromDoi(id.value);
      break;
    case 'url':
      out = fromUrl(id.raw);
      break;
  }
  return out && isValidSourceId(out) ? out : null;
}

/**
 * Reads one pasted id or link: `2211.00593v2`, `arXiv:hep-th/9901001`, `https://arxiv.org/pdf/…`,
 * `P19-1452`, `https://aclanthology.org/2020.acl-main.383.pdf`, `10.1162/tacl_a_00349`, `https://doi.org/…`,
 * `https://openreview.net/forum?id=…`, `https://www.semanticscholar.org/paper/…/<40 hex>`.
 */
export function parseSourceId(text: string): SourceId | null {
  const t = text.trim();
  // Bare old-style arXiv ids (`hep-th/9901001v2`, `arXiv:math.GT/0309136`) are not read by parseInput.
  const bare = /^(?:arxiv:\s*)?([a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?$/i.exec(t);
  if (bare) return toSourceId({ kind: 'arxiv', value: bare[1]!, raw: t });
  const versioned = /^(?:arxiv:\s*)?(\d{4}\.\d{4,5})(?:v\d+)?$/i.exec(t);
  if (versioned) return toSourceId({ kind: 'arxiv', value: versioned[1]!, raw: t });
  if (/^doi:\s*/i.test(t)) return toSourceId({ kind: 'doi', value: t.replace(/^doi:\s*/i, '').toLowerCase(), raw: t });
  if (S2_ID.test(t)) return { kind: 's2', value: t };
  for (const id of parseInput(t).identifiers) {
    const out = toSourceId(id);
    if (out) return out;
  }
  return null;
}

/** Cache key of a paper id: `arxiv:2211.00593`, `doi:10.1162/tacl_a_00349`. */
export function sourceIdKey(id: SourceId): string {
  return `${id.kind}:${id.value}`;
}

/** For notices: `arXiv 2211.00593`, `DOI 10.1162/…`, `ACL Anthology P19-1452`, `OpenReview forum abc`. */
export function describeSourceId(id: SourceId): string {
  switch (id.kind) {
    case 'arxiv':
      return `arXiv ${id.value}`;
    case 'acl':
      return `ACL Anthology ${id.value}`;
    case 'doi':
      return `DOI ${id.value}`;
    case 'openreview':
      return `OpenReview forum ${id.value}`;
    case 's2':
      return `Semantic Scholar paper ${id.value}`;
  }
}
