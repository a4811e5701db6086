/**
 * A BibTeX file (`--bib`) as a reference list. Its own module, loaded on first use (`await import`), so
 * that what imports reference-lists.ts (the check step, the weekly scan: every `serve`) does not load the
 * BibTeX parser at start: it goes through the maintained parser behind src/ingest/bibtex.ts (`@string`
 * macros, braces, accents, LaTeX escapes), a noticeable import.
 */
import type { CitedReference } from '../core/references.ts';
import { aclIdOf, arxivIdOf, doiOf, readBibtex } from '../ingest/bibtex.ts';
import { MAX_REFERENCES_BYTES, ReferenceListError } from './reference-lists.ts';

function yearOf(text: string): number | null {
  const m = /\b(1[89]\d\d|20\d\d)\b/.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * Every entry of a BibTeX file as a reference (the key is the entry). Throws ReferenceListError for an
 * empty file, or an entry that cannot be parsed or has no title (naming its key and line).
 */
export function referencesFromBibtex(text: string, label = 'the .bib file'): CitedReference[] {
  if (text.length > MAX_REFERENCES_BYTES) throw new ReferenceListError(`${label} is ${(text.length / 1e6).toFixed(1)} MB; the limit is ${MAX_REFERENCES_BYTES / 1e6} MB`);
  const { entries, errors } = readBibtex(text);
  const first = errors[0];
  if (first) throw new ReferenceListError(`${label} line ${first.line}: entry ${first.key ?? '(no key)'}: ${first.message}`);
  const out: CitedReference[] = [];
  for (const e of entries) {
    const title = e.fields.get('title') ?? '';
    if (!title) throw new ReferenceListError(`${label} line ${e.line}: entry ${e.key} has no title`);
    const doi = doiOf(e);
    const arxiv = arxivIdOf(e);
    const acl = aclIdOf(e);
    out.push({
      entry: e.key,
      title,
      year: yearOf(e.fields.get('year') ?? ''),
      authors: e.authors,
      ids: { ...(doi ? { doi } : {}), ...(arxiv ? { arxiv } : {}), ...(acl ? { acl } : {}) },
    });
  }
  if (out.length === 0) throw new ReferenceListError(`${label} has no BibTeX entries (@article{key, ...})`);
  return out;
}
