// The try-it page: asks /api/ask and renders the answer with DOM nodes and textContent only,
// so nothing in a question or in the corpus can inject markup.
'use strict';

const PAGE_SIZE = 10;
const EXAMPLES = [
  'Is activation patching mechanistic?',
  'Sparse autoencoders find interpretable features',
  'Probing classifiers for syntax in BERT',
];
const SENSES = [
  ['narrowTechnical', 'Narrow technical', 'Explains behaviour by causal mechanisms: interventions on the model’s internal representations show what produces the output.'],
  ['broadTechnical', 'Broad technical', 'Looks inside the model (activations, weights, components) by any method, causal or not.'],
  ['narrowCultural', 'Narrow cultural', 'Comes from the community that calls itself mechanistic interpretability (MI), whatever the method.'],
  ['broadCultural', 'Broad cultural', 'Interpretability of AI models, language models above all: the label as now used for the whole field.'],
];

const $ = (id) => document.getElementById(id);
let current = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function safeUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

function setStatus(text, isError) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', Boolean(isError));
  s.setAttribute('role', isError ? 'alert' : 'status');
}

function verdictText(applies) {
  if (applies === true) return ['Yes', 'yes'];
  if (applies === false) return ['No', 'no'];
  return ['Can’t tell', 'unknown'];
}

function renderDefinitions(definitions) {
  const list = $('definitions');
  list.replaceChildren();
  for (const [key, label, gloss] of SENSES) {
    const d = definitions[key] || { applies: null, confidence: 0, evidence: [] };
    const [text, cls] = verdictText(d.applies);
    const item = el('li', { 'data-sense': key },
      el('h4', {}, label),
      el('p', { class: 'gloss' }, gloss),
      el('p', {}, el('span', { class: `verdict ${cls}` }, text),
        ` (confidence ${Math.round((Number(d.confidence) || 0) * 100)}%)`));
    if (Array.isArray(d.evidence) && d.evidence.length > 0) {
      item.append(el('ul', { class: 'evidence', 'aria-label': `Why: ${label}` }, ...d.evidence.map((e) => el('li', {}, String(e)))));
    }
    list.append(item);
  }
}

function renderConcepts(concepts) {
  const list = $('concepts');
  list.replaceChildren();
  if (concepts.length === 0) list.append(el('li', { class: 'empty' }, 'No interpretability concept recognized.'));
  for (const c of concepts) {
    const aliases = (c.aliases || []).filter((a) => a !== c.name).slice(0, 4);
    list.append(el('li', {}, c.name, c.guess ? el('span', { class: 'guess' }, ' (closest guess)') : null,
      aliases.length ? el('span', { class: 'aliases' }, ` (also: ${aliases.join(', ')})`) : null));
  }
}

function paperItem(p) {
  const href = safeUrl(p.url);
  const title = href ? el('a', { href, class: 'title', rel: 'noopener noreferrer' }, p.title) : el('span', { class: 'title' }, p.title);
  const authors = p.authors.length > 3 ? `${p.authors.slice(0, 3).join(', ')} et al.` : p.authors.join(', ');
  return el('li', {},
    title,
    el('span', { class: 'community', title: p.community === 'NLPI' ? 'NLP interpretability community' : p.community === 'MI' ? 'Mechanistic interpretability community' : 'Other' }, p.community),
    el('p', { class: 'meta' }, `${authors} · ${p.year} · ${p.venue}`),
    p.why ? el('p', { class: 'why' }, p.why) : null);
}

function appendPapers(listId, papers, emptyText) {
  const list = $(listId);
  if (papers.length === 0 && list.children.length === 0) list.append(el('li', { class: 'empty' }, emptyText));
  for (const p of papers) list.append(paperItem(p));
}

function render(answer) {
  $('notices').replaceChildren(...answer.notices.map((n) => el('li', {}, n)));
  const paperSection = $('paper-section');
  paperSection.hidden = !answer.paper;
  $('paper').replaceChildren(...(answer.paper ? [el('ol', { class: 'papers' }, paperItem(answer.paper))] : []));
  renderDefinitions(answer.definitions);
  renderConcepts(answer.concepts);
  $('precedents').replaceChildren();
  $('related').replaceChildren();
  appendPapers('precedents', answer.precedents, 'No earlier NLP-interpretability work found for this.');
  appendPapers('related', answer.related, 'Nothing further.');
  $('answer').hidden = false;
}

async function readJson(res) {
  let body;
  try {
    body = await res.json();
  } catch {
    throw new Error(`The server answered ${res.status} without a readable body.`);
  }
  if (!res.ok) {
    const message = body && body.error ? body.error.message : `The server answered ${res.status}.`;
    throw new Error(message);
  }
  return body;
}

async function fetchAnswer(q, offset) {
  const params = new URLSearchParams({ q, limit: String(PAGE_SIZE), offset: String(offset) });
  const res = await fetch(`/api/ask?${params}`, { headers: { accept: 'application/json' } });
  const body = await readJson(res);
  return { answer: body, id: res.headers.get('x-answer-id'), model: res.headers.get('x-llm-model') };
}

// The LLM's explanation, asked only once the answer is on the page: it never holds the answer up.
// Papers are named as [n] and listed with the corpus's titles, years and links, never the model's.
async function explain(q, id, model, answer) {
  const section = $('explanation-section');
  $('explanation-text').textContent = '';
  $('explanation-disagreements').replaceChildren();
  $('explanation-papers').replaceChildren();
  $('explanation-note').textContent = '';
  section.hidden = false;
  $('explanation-status').textContent = `Asking ${model} to explain the verdicts from the papers found…`;
  try {
    const res = await fetch('/api/explain', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ id, q }),
    });
    const body = await readJson(res);
    if (!current || current.id !== id) return;
    if (!body.explanation) {
      $('explanation-status').textContent = `No explanation: ${body.notices.join(' ')}`;
      return;
    }
    const e = body.explanation;
    const place = new Map(body.papers.map((p, i) => [p.id, i + 1]));
    const numbered = (text) => text.replace(/\[([^\][\s]{1,120})\]/g, (m, pid) => (place.has(pid) ? `[${place.get(pid)}]` : m));
    $('explanation-status').textContent = `Written by ${e.model} from what was retrieved above; the verdicts above are the rule-based ones.`;
    $('explanation-text').textContent = numbered(e.text) || 'The model named only papers that were not retrieved; nothing of its text is shown.';
    for (const [key, label] of SENSES) {
      const v = e.verdicts[key];
      if (!v || v.agrees) continue;
      const rules = verdictText(answer.definitions[key] ? answer.definitions[key].applies : null)[0];
      $('explanation-disagreements').append(el('li', { 'data-sense': key },
        `${label}: the model says ${verdictText(v.applies)[0].toLowerCase()}, the rules say ${rules.toLowerCase()} (the rule-based verdict stands). `,
        numbered(v.reason)));
    }
    body.papers.forEach((p) => $('explanation-papers').append(paperItem(p)));
    if (e.dropped > 0) $('explanation-note').textContent = `${e.dropped} mention(s) of papers that were not retrieved were dropped.`;
  } catch (err) {
    $('explanation-status').textContent = `No explanation: ${err.message}`;
  }
}

// The reference check: per concept, the earlier work the paper cites (✓) and may be missing (✗).
function renderCheck(check) {
  $('check-notices').replaceChildren(...check.notices.map((n) => el('li', {}, n)));
  $('check-paper').replaceChildren(...(check.paper ? [el('ol', { class: 'papers' }, paperItem(check.paper))] : []));
  const r = check.references;
  const from = { bibtex: 'the BibTeX given', text: 'the references section of the text', 'semantic-scholar': 'Semantic Scholar' }[r.source] || r.source;
  $('check-references').textContent =
    `${r.total} reference(s) read from ${from}: ${r.matched.length} matched to corpus papers, ${r.unmatched.length} not.`;
  const coverage = $('check-coverage');
  coverage.replaceChildren();
  if (check.coverage.length === 0) coverage.append(el('li', { class: 'empty' }, 'No interpretability concept with earlier work was recognized.'));
  for (const c of check.coverage) {
    const item = el('li', { 'data-concept': c.concept },
      el('h3', {}, `${c.name} — cites ${c.cited.length} of ${c.cited.length + c.missing.length} (${Math.round(c.score * 100)}%)`));
    const list = el('ol', { class: 'papers' });
    for (const p of c.cited) {
      const li = paperItem(p);
      li.classList.add('cited');
      li.prepend(el('span', { class: 'mark', 'aria-label': 'cited' }, '✓'));
      list.append(li);
    }
    for (const p of c.missing) {
      const li = paperItem(p);
      li.classList.add('missing');
      li.prepend(el('span', { class: 'mark', 'aria-label': 'not cited' }, '✗'));
      if (typeof p.missRate === 'number') li.append(el('p', { class: 'meta' }, `Missed by ${Math.round(p.missRate * 100)}% of the measured MI papers on this concept.`));
      list.append(li);
    }
    item.append(list);
    coverage.append(item);
  }
  $('check-unmatched').replaceChildren(...r.unmatched.map((u) => el('li', {}, u)));
  $('check-unmatched-box').hidden = r.unmatched.length === 0;
  $('check').hidden = false;
}

async function check(q, bib) {
  const button = $('check-run');
  const status = $('check-status');
  button.disabled = true;
  status.classList.remove('error');
  status.setAttribute('role', 'status');
  status.textContent = 'Checking references…';
  try {
    const res = await fetch('/api/check', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(bib ? { q, bib } : { q }),
    });
    const body = await readJson(res);
    renderCheck(body);
    const missing = body.coverage.reduce((n, c) => n + c.missing.length, 0);
    status.textContent = `Checked: ${body.references.matched.length} reference(s) matched, ${missing} earlier work(s) it may be missing.`;
    $('check-heading').focus({ preventScroll: true });
  } catch (e) {
    $('check').hidden = true;
    status.textContent = e.message;
    status.classList.add('error');
    status.setAttribute('role', 'alert');
  } finally {
    button.disabled = false;
  }
}

function updateMore(answer) {
  $('more').hidden = answer.precedents.length < PAGE_SIZE && answer.related.length < PAGE_SIZE;
}

async function ask(q) {
  const button = $('ask');
  button.disabled = true;
  setStatus('Thinking…');
  try {
    const { answer, id, model } = await fetchAnswer(q, 0);
    current = { q, offset: PAGE_SIZE, id };
    render(answer);
    $('explanation-section').hidden = true;
    // An answer about a paper offers its reference check (the paper's link, so the check reads the same paper).
    const link = answer.paper && safeUrl(answer.paper.url);
    $('check-this').hidden = !link;
    $('check-this').dataset.link = link || '';
    updateMore(answer);
    const n = answer.precedents.length;
    setStatus(`Answered: ${answer.concepts.length} concept(s), ${n} earlier work(s) shown.`);
    $('answer-heading').focus({ preventScroll: true });
    history.replaceState(null, '', `?${new URLSearchParams({ q })}`);
    if (id && model) explain(q, id, model, answer);
  } catch (e) {
    setStatus(e.message, true);
  } finally {
    button.disabled = false;
  }
}

async function more() {
  if (!current) return;
  const button = $('more');
  button.disabled = true;
  try {
    const { answer } = await fetchAnswer(current.q, current.offset);
    current.offset += PAGE_SIZE;
    appendPapers('precedents', answer.precedents, '');
    appendPapers('related', answer.related, '');
    updateMore(answer);
  } catch (e) {
    setStatus(e.message, true);
  } finally {
    button.disabled = false;
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('answer-heading').setAttribute('tabindex', '-1');
  const input = $('q');
  for (const text of EXAMPLES) {
    const b = el('button', { type: 'button', class: 'example' }, text);
    b.addEventListener('click', () => {
      input.value = text;
      ask(text);
    });
    $('examples').append(b);
  }
  $('ask-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const q = input.value.trim();
    if (!q) {
      setStatus('Type a question, a method, or a paper title first.', true);
      input.focus();
      return;
    }
    ask(q);
  });
  input.addEventListener('keydown', (event) => {
    // Enter asks; Shift+Enter keeps a newline for pasted abstracts.
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      $('ask-form').requestSubmit();
    }
  });
  $('more').addEventListener('click', more);
  $('check-heading').setAttribute('tabindex', '-1');
  $('check-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const q = $('check-q').value.trim();
    if (!q) {
      const status = $('check-status');
      status.textContent = 'Give the paper’s link or id, or paste its text, first.';
      status.classList.add('error');
      status.setAttribute('role', 'alert');
      $('check-q').focus();
      return;
    }
    check(q, $('check-bib').value.trim());
  });
  $('check-this').addEventListener('click', () => {
    $('check-q').value = $('check-this').dataset.link || '';
    $('check-form').requestSubmit();
  });
  const initial = new URLSearchParams(location.search).get('q');
  if (initial) {
    input.value = initial;
    ask(initial);
  }
});
