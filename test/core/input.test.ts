import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_QUESTION_CHARS, parseInput, pastedFacts, QuestionError, validateQuestionText } from '../../src/core/input.ts';

test('finds arXiv ids in URLs and in arXiv: form', () => {
  assert.deepEqual(parseInput('https://arxiv.org/abs/2202.05262v3').identifiers.map((i) => [i.kind, i.value]), [['arxiv', '2202.05262']]);
  assert.deepEqual(parseInput('see https://arxiv.org/pdf/2211.00593.pdf').identifiers.map((i) => i.value), ['2211.00593']);
  assert.deepEqual(parseInput('arXiv:2410.09087').identifiers.map((i) => i.value), ['2410.09087']);
  assert.equal(parseInput('2410.09087').onlyIdentifiers, true);
});

test('arXiv ids in the links reading groups share (Hugging Face, alphaXiv, ar5iv, papers.cool, Emergent Mind), and links typed without https://', () => {
  const ids = (t: string) => parseInput(t).identifiers.map((i) => [i.kind, i.value, i.raw]);
  for (const link of [
    'https://huggingface.co/papers/2406.01506',
    'https://www.alphaxiv.org/abs/2406.01506v2',
    'https://alphaxiv.org/overview/2406.01506',
    'https://ar5iv.labs.arxiv.org/html/2406.01506',
    'https://ar5iv.org/abs/2406.01506',
    'https://papers.cool/arxiv/2406.01506',
    'https://www.emergentmind.com/papers/2406.01506',
  ]) {
    assert.deepEqual(ids(link), [['arxiv', '2406.01506', link]], link);
  }
  // Without a scheme: read as the link it is, in any position; the text left over is what was typed around it.
  assert.deepEqual(ids('arxiv.org/abs/2406.01506'), [['arxiv', '2406.01506', 'https://arxiv.org/abs/2406.01506']]);
  assert.equal(parseInput('arxiv.org/abs/2406.01506').onlyIdentifiers, true);
  assert.equal(parseInput('arxiv.org/abs/2406.01506').text, 'arxiv.org/abs/2406.01506');
  assert.deepEqual(ids('is (huggingface.co/papers/2406.01506) mechanistic?'), [['arxiv', '2406.01506', 'https://huggingface.co/papers/2406.01506']]);
  assert.deepEqual(parseInput('www.aclanthology.org/2020.blackboxnlp-1.1/').identifiers.map((i) => i.value), ['2020.blackboxnlp-1.1']);
  assert.deepEqual(parseInput('openreview.net/forum?id=KXuYjuBzKo').identifiers.map((i) => i.raw), ['https://openreview.net/forum?id=KXuYjuBzKo']);
  // A site's name in a sentence, another path on such a site, or another site's link names no paper.
  assert.deepEqual(ids('posted on arxiv.org last week'), []);
  assert.deepEqual(parseInput('https://huggingface.co/datasets/2406.01506').identifiers.map((i) => i.kind), ['url']);
  assert.deepEqual(parseInput('example.org/papers/2406.01506').identifiers, []);
});

test('finds ACL Anthology ids in new and old style, in URLs and bare', () => {
  assert.deepEqual(parseInput('https://aclanthology.org/2020.blackboxnlp-1.1/').identifiers.map((i) => [i.kind, i.value]), [['acl', '2020.blackboxnlp-1.1']]);
  assert.deepEqual(parseInput('https://aclanthology.org/W18-5401.pdf').identifiers.map((i) => i.value), ['W18-5401']);
  assert.deepEqual(parseInput('is P19-1452 mechanistic?').identifiers.map((i) => i.value), ['P19-1452']);
  assert.equal(parseInput('is P19-1452 mechanistic?').onlyIdentifiers, true);
});

test('finds DOIs bare and as doi.org links', () => {
  assert.deepEqual(parseInput('10.18653/v1/2020.acl-main.383').identifiers.find((i) => i.kind === 'doi')?.value, '10.18653/v1/2020.acl-main.383');
  assert.equal(parseInput('https://doi.org/10.1162/tacl_a_00349').identifiers[0]!.value, '10.1162/tacl_a_00349');
});

test('publication channels come from link hosts', () => {
  const channels = (t: string) => parseInput(t).channels.map((c) => c.channel);
  assert.deepEqual(channels('https://www.lesswrong.com/posts/xyz/a-post'), ['forum']);
  assert.deepEqual(channels('https://www.alignmentforum.org/posts/xyz'), ['forum']);
  assert.deepEqual(channels('https://transformer-circuits.pub/2022/toy_model/index.html'), ['transformer-circuits']);
  assert.deepEqual(channels('https://openreview.net/forum?id=abc'), ['openreview']);
  assert.deepEqual(channels('https://aclanthology.org/2020.acl-main.383/'), ['acl-anthology']);
});

test('a method description has no identifiers', () => {
  const p = parseInput('We patch attention-head outputs to find the circuit');
  assert.deepEqual(p.identifiers, []);
  assert.equal(p.onlyIdentifiers, false);
});

test('empty, huge and binary input get clear errors with codes', () => {
  assert.throws(() => validateQuestionText('   \n '), (e: unknown) => e instanceof QuestionError && e.code === 'empty');
  assert.throws(() => validateQuestionText('x'.repeat(MAX_QUESTION_CHARS + 1)), (e: unknown) => e instanceof QuestionError && e.code === 'too_long' && /20,000/.test(e.message));
  assert.throws(() => validateQuestionText('\u0000\u0001\u0002PK\u0003\u0004binary'), (e: unknown) => e instanceof QuestionError && e.code === 'binary');
  assert.equal(validateQuestionText('  probing?  '), 'probing?');
});

test('looksLikePaperTitle: titles alone yes; questions, requests, sentences and links no', async () => {
  const { looksLikePaperTitle } = await import('../../src/core/input.ts');
  for (const t of ['Locating and Editing Factual Associations in GPT', 'Title: Attention is not Explanation at all', 'Toy Models of Superposition in Small Networks']) {
    assert.equal(looksLikePaperTitle(t), true, t);
  }
  for (const t of [
    'what is activation patching?',
    'how do induction heads work',
    'we patch attention heads',
    'sparse autoencoders',
    'Steering vectors change the output.',
    'Is probing mechanistic or not',
    'Tell me about the logit lens',
    'https://arxiv.org/abs/2211.00593',
    'Attention is not explanation\nJain and Wallace 2019',
    'a b c d e f g h i j k l m n o p q r s t u v w x y z',
  ]) {
    assert.equal(looksLikePaperTitle(t), false, t);
  }
});

test('pastedTitle: the title line of a pasted paper; never a question, a sentence or a title with a short remark', async () => {
  const { pastedTitle } = await import('../../src/core/input.ts');
  const body = Array.from({ length: 8 }, (_, i) => `We patch the outputs of layer ${i} and measure the change.`).join(' ');
  assert.equal(pastedTitle(`Toy Models of Superposition in Small Networks\nA. Author, B. Builder\n\n${body}`), 'Toy Models of Superposition in Small Networks');
  assert.equal(pastedTitle(`\nTitle: Toy Models of Superposition in Small Networks\n\n${body}`), 'Toy Models of Superposition in Small Networks');
  // A title put as a question counts only with an author line right under it.
  assert.equal(pastedTitle(`Do Language Models Plan Ahead for Future Tokens?\nWilson Wu, John X. Morris, Lionel Levine\n\n${body}`), 'Do Language Models Plan Ahead for Future Tokens?');
  assert.equal(pastedTitle(`Do Language Models Plan Ahead for Future Tokens?\n\n${body}`), undefined);
  assert.equal(pastedTitle(`What does this paper patch?\nWilson Wu, John X. Morris\n\n${body}`), undefined);
  // A title may say "I", "we" or "you", or end in "!", when an author line (or one author alone) is right under it.
  for (const [title, byline] of [
    ['Do I Know This Entity? Knowledge Awareness and Hallucinations in Language Models', 'Javier Ferrando, Neel Nanda'],
    ['Knowledge Localization: Mission Not Accomplished? Enter Query Localization!', 'Yuheng Chen, Kang Liu'],
    ['Do LLMs Really Think Step-by-step In Implicit Reasoning?', 'Yijiong Yu'],
  ]) {
    assert.equal(pastedTitle(`${title}\n${byline}\n\n${body}`), title);
    assert.equal(pastedTitle(`${title}\n\n${body}`), undefined, 'no author line under it: not sent');
  }
  assert.equal(pastedTitle(`Do LLMs Really Think Step-by-step In Implicit Reasoning?\nYijiong Yu\n${body}`), undefined, 'one name needs a blank line under it');
  for (const t of [
    `what does this paper patch?\n\n${body}`,
    `We patch attention heads to find a circuit.\n${body}`,
    `Toy Models of Superposition in Small Networks\nIs this mechanistic?`,
    'Toy Models of Superposition in Small Networks',
    `https://arxiv.org/abs/2209.10652\n\n${body}`,
  ]) {
    assert.equal(pastedTitle(t), undefined, t.slice(0, 60));
  }
});

test('pastedTitle: a paper pasted in one line gives its title-case opening sentence; a sentence-case opening or a short remark gives none', async () => {
  const { pastedTitle } = await import('../../src/core/input.ts');
  const body = Array.from({ length: 8 }, (_, i) => `We patch the outputs of layer ${i} and measure the change.`).join(' ');
  assert.equal(pastedTitle(`Toy Models of Superposition in Small Networks. ${body}`), 'Toy Models of Superposition in Small Networks');
  assert.equal(pastedTitle(`Title: Patchscopes: A Unifying Framework for Inspecting Hidden Representations of Language Models. ${body}`), 'Patchscopes: A Unifying Framework for Inspecting Hidden Representations of Language Models');
  for (const t of [
    // An abstract's first sentence, or a sentence-case title, cannot be told apart: neither is sent.
    `Recent work has established emergent learning as a transient phenomenon. ${body}`,
    `Language models represent space and time. ${body}`,
    // A question, first person, or too little after it.
    `What Does This Paper Patch in Small Networks? ${body}`,
    `We Patch Attention Heads to Find Circuits. ${body}`,
    'Toy Models of Superposition in Small Networks. We patch layers.',
    `Toy Models of Superposition in Small Networks ${body}`,
  ]) {
    assert.equal(pastedTitle(t), undefined, t.slice(0, 60));
  }
});

test('a header copied from a paper page, a chat quote, markdown or a PDF reads as typed: its title and its authors', async () => {
  const { pastedFacts, pastedTitle, headerLine } = await import('../../src/core/input.ts');
  const body = Array.from({ length: 8 }, (_, i) => `We patch the outputs of layer ${i} and measure the change.`).join(' ');
  const authors = ['Nelson Elhage', 'Tristan Hume', 'Catherine Olsson'];
  for (const text of [
    `Title:Toy Models of Superposition in Networks\nAuthors:Nelson Elhage, Tristan Hume, Catherine Olsson\nAbstract:${body}`,
    `> Toy Models of Superposition in Networks\n> Nelson Elhage, Tristan Hume, Catherine Olsson\n> ${body}`,
    `**Toy Models of Superposition in Networks**\n*Nelson Elhage, Tristan Hume, Catherine Olsson*\n\n${body}`,
    `Toy Models of Superposition in Networks\nNelson Elhage · Tristan Hume · Catherine Olsson\n\n${body}`,
    `\`\`\`\nToy Models of Superposition in Networks\nNelson Elhage, Tristan Hume, Catherine Olsson\n\n${body}\n\`\`\``,
  ]) {
    assert.equal(pastedTitle(text), 'Toy Models of Superposition in Networks', text.slice(0, 40));
    assert.deepEqual(pastedFacts(text).authors, authors, text.slice(0, 40));
  }
  // "et al." closes an author line of one or more names.
  assert.deepEqual(pastedFacts(`Toy Models of Superposition\nNelson Elhage, Tristan Hume, et al.\n\n${body}`).authors, ['Nelson Elhage', 'Tristan Hume']);
  assert.deepEqual(pastedFacts(`Toy Models of Superposition\nNelson Elhage et al.\n\n${body}`).authors, ['Nelson Elhage']);
  assert.deepEqual(pastedFacts(`Toy Models of Superposition\nWe study et al.\n\n${body}`).authors, []);
  // Joined and hyphenated initials, particles, one author alone on the line under the title, a large collaboration.
  assert.deepEqual(pastedFacts(`Toy Models of Superposition\nStephanie C.Y. Chan, B.A. Levinstein, Marina M.-C. Höhne\n\n${body}`).authors, ['Stephanie C.Y. Chan', 'B.A. Levinstein', 'Marina M.-C. Höhne']);
  assert.deepEqual(pastedFacts(`Toy Models of Superposition\nNiels uit de Bos, Marcelo Gennari do Nascimento\n\n${body}`).authors, ['Niels uit de Bos', 'Marcelo Gennari do Nascimento']);
  assert.deepEqual(pastedFacts(`Toy Models of Superposition\nGautam Reddy1\n\n${body}`).authors, ['Gautam Reddy']);
  assert.deepEqual(pastedFacts(`Toy Models of Superposition\nGautam Reddy\nWe study superposition.`).authors, [], 'a name alone needs a blank line and an abstract under it');
  assert.deepEqual(pastedFacts(`Toy Models of Superposition\nis this mechanistic\n\n${body}`).authors, []);
  const collaboration = Array.from({ length: 60 }, (_, i) => `Author${String.fromCharCode(65 + (i % 26))} Person${String.fromCharCode(65 + Math.floor(i / 26))}`);
  assert.deepEqual(pastedFacts(`Toy Models of Superposition\n${collaboration.join(', ')}\n\n${body}`).authors, collaboration);
  // A PDF's author line: names closed by footnote marks or affiliation numbers, no other separator.
  assert.deepEqual(pastedFacts(`Toy Models of Superposition\nKevin Meng1 David Bau2 Alex Andonian1 Yonatan Belinkov3\n\n${body}`).authors, ['Kevin Meng', 'David Bau', 'Alex Andonian', 'Yonatan Belinkov']);
  assert.deepEqual(pastedFacts(`Toy Models of Superposition\nNelson Elhage∗ Tristan Hume∗ Catherine Olsson†\n\n${body}`).authors, authors);
  assert.deepEqual(pastedFacts(`Toy Models of Superposition\nKevin Meng1,2 David Bau2,3\n\n${body}`).authors, ['Kevin Meng', 'David Bau']);
  // A name without its mark would run into the next: none is read rather than a wrong one.
  assert.deepEqual(pastedFacts(`Toy Models of Superposition\nKevin Meng∗ David Bau∗ Alex Andonian Yonatan Belinkov†\n\n${body}`).authors, []);
  assert.deepEqual(pastedFacts(`Attention Heads2 Neurons3\n\n${body}`).authors, []);
  assert.equal(headerLine('  > > - **Title: A B C**  '), 'A B C');
  assert.equal(headerLine('Abstract: We patch heads.'), 'We patch heads.');
});

test('cleanPaste: chat quotes, markdown and field labels are taken off every line; the words and lines stay', async () => {
  const { cleanPaste } = await import('../../src/core/input.ts');
  assert.equal(cleanPaste('> **A Title Here**\n> *Ann Author, Bo Builder*\n>\n> Abstract: We **patch** heads and __ablate__ layers.'), 'A Title Here\nAnn Author, Bo Builder\n\nWe patch heads and ablate layers.');
  assert.equal(cleanPaste('Title:A Title Here\nAuthors:Ann Author\nAbstract:We patch heads.'), 'A Title Here\nAnn Author\nWe patch heads.');
  // Copied from a PDF: ligatures, a word hyphenated at a line's end, "Abstract" on a line of its own.
  assert.equal(cleanPaste('Abstract\nWe ﬁnd that mechanistic interpreta-\ntion of ﬂows is hard; multi-\n  head attention helps.\nGPT-\n2 too.'), 'We find that mechanistic interpretation of flows is hard; multihead attention helps.\nGPT-\n2 too.');
  // What is not a decoration stays: a single star or underscore inside a line, comparisons, a dash in the text.
  const plain = 'We compare a_1 with b*c and x > y - z.\nThe head-level results hold.';
  assert.equal(cleanPaste(plain), plain);
});

test('titleLine: the first line; for a paper pasted in one line, its opening sentence', async () => {
  const { titleLine } = await import('../../src/core/input.ts');
  const body = Array.from({ length: 8 }, (_, i) => `We patch the outputs of layer ${i} and measure the change.`).join(' ');
  assert.equal(titleLine(`Steering Small Models\nAnn Author\n\n${body}`), 'Steering Small Models');
  assert.equal(titleLine(`Steering Small Models. ${body}`), 'Steering Small Models');
  // A title's own "?" does not end it.
  assert.equal(titleLine(`Do Small Models Plan Ahead? Evidence From Probes. ${body}`), 'Do Small Models Plan Ahead? Evidence From Probes');
  assert.equal(titleLine('we patch heads to find the circuit'), 'we patch heads to find the circuit');
  // A long first line with no short opening sentence is what it is.
  assert.equal(titleLine(body.replace(/\./g, ',')), body.replace(/\./g, ','));
});

test('quotedTitle: a title quoted in a short question; never a quoted phrase, nor a title quoted above an abstract', async () => {
  const { quotedTitle } = await import('../../src/core/input.ts');
  assert.equal(quotedTitle('is "Toy Models of Superposition" mechanistic?'), 'Toy Models of Superposition');
  assert.equal(quotedTitle('What came before “Patchscopes: A Unifying Framework for Inspecting Hidden Representations”?'), 'Patchscopes: A Unifying Framework for Inspecting Hidden Representations');
  const body = Array.from({ length: 8 }, (_, i) => `We patch the outputs of layer ${i} and measure the change.`).join(' ');
  for (const t of ['what does "the logit lens" read?', 'is "what we patch" mechanistic?', `We revisit "Toy Models of Superposition" here. ${body}`, 'no quotes at all']) {
    assert.equal(quotedTitle(t), undefined, t.slice(0, 50));
  }
});

test('a paper pasted in one line: the names between its title and its abstract are its authors, and its title is read', async () => {
  const { cleanPaste, pastedFacts, pastedTitle, runOnHeader, titleLine } = await import('../../src/core/input.ts');
  const body = Array.from({ length: 8 }, (_, i) => `we patch the outputs of layer ${i} and measure the change.`).join(' ');
  const cases: [string, string, string[]][] = [
    // Title case, a question, sentence case: the names after it tell a title from an abstract's first sentence.
    ['Toy Models of Superposition in Networks.', 'Nelson Elhage, Tristan Hume, Catherine Olsson We study', ['Nelson Elhage', 'Tristan Hume', 'Catherine Olsson']],
    ['Which Attention Heads Matter for In-Context Learning?', 'Kayo Yin, Jacob Steinhardt Large language models', ['Kayo Yin', 'Jacob Steinhardt']],
    ['Transformers represent belief state geometry in their residual stream.', 'Adam S. Shai, Paul M. Riechers What computational structure', ['Adam S. Shai', 'Paul M. Riechers']],
    // A title with a question mark inside it; particles, initials first, footnote marks and affiliations.
    ['Do I Know This Entity? Knowledge Awareness and Hallucinations in Language Models.', 'Javier Ferrando, Neel Nanda Hallucinations in', ['Javier Ferrando', 'Neel Nanda']],
    ['Extending Activation Steering to Broad Skills.', 'Teun van der Weij, Massimo Poesio and Éric de la Clergerie Current large', ['Teun van der Weij', 'Massimo Poesio', 'Éric de la Clergerie']],
    ['A Simple and Effective Pruning Approach for Language Models.', 'Mingjie Sun, Anna Bair, J. Zico Kolter As their size', ['Mingjie Sun', 'Anna Bair', 'J. Zico Kolter']],
    ['Locating and Editing Factual Associations in GPT.', 'Kevin Meng1,2, David Bau2 (Northeastern), Nelson F. Liu3 We analyze', ['Kevin Meng', 'David Bau', 'Nelson F. Liu']],
    ['Toy Models of Superposition in Networks.', 'Nelson Elhage et al. We study', ['Nelson Elhage']],
    ['How Do LLMs Perform Two-Hop Reasoning in Context?', 'Tianyu Guo, Stuart Russell "Socrates is human." This form', ['Tianyu Guo', 'Stuart Russell']],
    // The abstract's first words read as one more name ("… and", "…,"): they are the abstract's.
    ['Language Models Represent Beliefs of Self and Others.', 'Wentao Zhu, Zhining Zhang, Yizhou Wang Understanding and attributing', ['Wentao Zhu', 'Zhining Zhang', 'Yizhou Wang']],
    ['Cutting Off the Head Ends the Conflict.', 'Zhuoran Jin, Kang Liu, Jun Zhao Recently, retrieval augmentation', ['Zhuoran Jin', 'Kang Liu', 'Jun Zhao']],
  ];
  for (const [title, names, authors] of cases) {
    const text = `${title} ${names} ${body}`;
    const bare = title.replace(/\.$/, '');
    const header = runOnHeader(text);
    assert.deepEqual([header?.title, header?.authors], [bare, authors], text.slice(0, 60));
    // As typed: the author line with its marks and affiliations, and the abstract from its first word.
    assert.equal(`${header!.authorLine} ${header!.abstract}`, `${names} ${body}`, text.slice(0, 60));
    assert.ok(!/^(et al|\(|,)/.test(header!.abstract), header!.abstract.slice(0, 40));
    assert.equal(cleanPaste(text), `${bare}\n${header!.authorLine}\n\n${header!.abstract}`);
    // Read as the answer reads it: cleanPaste puts the title and the author line back on lines of their own.
    assert.deepEqual(pastedFacts(cleanPaste(text)).authors, authors, text.slice(0, 60));
    assert.equal(titleLine(cleanPaste(text)), bare, text.slice(0, 60));
    assert.equal(pastedTitle(text), bare, text.slice(0, 60));
    // The same with the title on a line of its own and the abstract run into the author line.
    assert.deepEqual(pastedFacts(cleanPaste(`${bare}\n${names} ${body}`)).authors, authors, text.slice(0, 60));
    // And with every line break a space, no stop after the title (Discord's command box): the title ends where the names begin.
    const spaced = `${bare} ${names} ${body}`;
    assert.deepEqual([runOnHeader(spaced)?.title, runOnHeader(spaced)?.authors], [bare, authors], spaced.slice(0, 60));
    assert.equal(cleanPaste(spaced), cleanPaste(text), spaced.slice(0, 60));
  }
  // Run together, a title's last capitalized words and a first name with a middle initial stay apart.
  assert.deepEqual(runOnHeader(`Transformers Represent Belief State Geometry Adam S. Shai, Sarah E. Marzen, Paul M. Riechers What computational structure ${body}`)?.authors, ['Adam S. Shai', 'Sarah E. Marzen', 'Paul M. Riechers']);
  assert.deepEqual(runOnHeader(`Model Merging Across Languages and Modalities Zhaofeng Wu, Xinyan Velocity Yu, Dani Yogatama, Yoon Kim We ${body}`)?.title, 'Model Merging Across Languages and Modalities');
  assert.deepEqual(runOnHeader(`What Formal Languages Can Transformers Express? A Survey Lena Strobl, William Merrill, Gail Weiss, Dana Angluin As ${body}`)?.title, 'What Formal Languages Can Transformers Express? A Survey');
  assert.deepEqual(runOnHeader(`Can We Locate Knowledge in Models? Financial Domain and Toxicity Reduction Case Studies Jordi Armengol-Estapé, Lingyu Li, Mark Dredze Current ${body}`)?.authors, ['Jordi Armengol-Estapé', 'Lingyu Li', 'Mark Dredze']);
  assert.deepEqual(runOnHeader(`Persona Features Control Emergent Misalignment Miles Wang, Tom Dupré la Tour, Olivia Watkins Understanding how ${body}`)?.authors, ['Miles Wang', 'Tom Dupré la Tour', 'Olivia Watkins']);
  // A paper page's fields run into one line, and the "Abstract" heading before the abstract: read as the page's lines.
  const labelled = `Toy Models of Superposition in Networks\nNelson Elhage, Tristan Hume\nWe study ${body}`;
  assert.equal(cleanPaste(`Title: Toy Models of Superposition in Networks Authors: Nelson Elhage, Tristan Hume Abstract: We study ${body}`), labelled);
  assert.equal(cleanPaste(`> Title: Toy Models of Superposition in Networks Authors: Nelson Elhage, Tristan Hume Abstract: We study ${body}`), labelled);
  for (const heading of ['Abstract', 'Abstract:', 'ABSTRACT.']) {
    assert.equal(cleanPaste(`Toy Models of Superposition in Networks Nelson Elhage, Tristan Hume ${heading} We study ${body}`), `Toy Models of Superposition in Networks\nNelson Elhage, Tristan Hume\n\nWe study ${body}`, heading);
  }
  for (const own of ['Abstract reasoning is', 'Abstract Meaning Representation is']) {
    assert.ok(cleanPaste(`Toy Models of Superposition in Networks Nelson Elhage, Tristan Hume ${own} ${body}`).endsWith(`\n\n${own} ${body}`), own);
  }
  // A label-like word inside prose is prose.
  assert.equal(cleanPaste(`We study abstract: reasoning and authors: of proofs in ${body}`), `We study abstract: reasoning and authors: of proofs in ${body}`);
  // A three-word last name cannot be told from two words before an abstract opening with two capitals: two are read.
  assert.deepEqual(runOnHeader(`Toy Models of Superposition in Networks. Ann Author, Ekdeep Singh Lubana Recent work ${body}`)?.authors, ['Ann Author', 'Ekdeep Singh']);
  for (const text of [
    // No names: an abstract, a list of models, a sentence after the title; one name alone; too little after the names.
    `Toy Models of Superposition in Networks. ${body}`,
    `Toy Models of Superposition in Networks. Large Language Models, Vision Transformers and Diffusion Models are ${body}`,
    `Toy Models of Superposition in Networks. Recent Work, However, Shows that ${body}`,
    `Toy Models of Superposition in Networks. Nelson Elhage We study ${body}`,
    'Toy Models of Superposition in Networks. Nelson Elhage, Tristan Hume We study superposition.',
    `Sparse autoencoders find features. GPT-2 Small, Pythia and Llama Guard We study ${body}`.replace('GPT-2 Small, ', 'GPT-2 Small; '),
    `We study GPT-2 Small, Pythia Large and Llama Guard In ${body}`,
  ]) {
    assert.equal(runOnHeader(text), undefined, text.slice(0, 90));
    assert.deepEqual(pastedFacts(cleanPaste(text)).authors, [], text.slice(0, 90));
  }
});

test('pastedFacts reads an author line, a venue and an MI affiliation from the header, and nothing from an abstract', () => {
  const facts = pastedFacts('Kevin Meng¹, David Bau*, Alex Andonian and Yonatan Belinkov (Technion)\nNeurIPS 2022\nLocating and Editing Factual Associations in GPT\n\nWe analyze the storage and recall of factual associations.');
  assert.deepEqual(facts, { authors: ['Kevin Meng', 'David Bau', 'Alex Andonian', 'Yonatan Belinkov'], venue: 'NeurIPS 2022' });
  assert.equal(pastedFacts('Nelson Elhage; Chris Olah\nAnthropic\nToy Models of Superposition').miAffiliation, 'Anthropic');
  assert.deepEqual(pastedFacts('Locating and Editing Factual Associations in GPT\n\nWe analyze the storage, recall and editing of facts.'), { authors: [] });
  // A title made of capitalized words is not an author line unless every part is a name.
  assert.deepEqual(pastedFacts('Attention Heads, Neurons and Circuits in GPT-2').authors, []);
});
