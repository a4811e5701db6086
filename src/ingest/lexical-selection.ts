/**
 * The reviewable rule that picks interpretability and analysis papers out of ALL main-track and SRW papers of
 * ACL, EMNLP, NAACL and TACL (15,916 papers), from title and abstract alone (no encoder, so it runs on every paper
 * in a second and a reviewer can replay each decision).
 *
 * Each pattern below has a weight and says where it is looked for (title or abstract). A paper's score is the sum of
 * the weights of the patterns it hits (each pattern once; abstract points are capped at ABSTRACT_CAP). Selected when
 * the title alone reaches TITLE_ALONE, or title + abstract reach TOTAL. Negative patterns mark task-system papers
 * ("we propose a novel ... outperforms the state of the art").
 * Measured on a random hand-labelled sample: `npm run ingest:selection-check` (corpus/selection/acl-main-random-labels.tsv).
 */

export interface LexicalPattern {
  name: string;
  where: 'title' | 'abstract';
  weight: number;
  pattern: RegExp;
}

const MODEL =
  "(?:neural|networks?|models?|language models?|LMs?|LLMs?|m?BERT\\w*|multilingual BERT|RoBERTa|T5|LLaMA\\w*|ChatGPT|GPT-4|vision-(?:and-)?language models?|VLMs?|MLLMs?|GPT-?\\d?|ELMo|transformers?|LSTMs?|RNNs?|encoders?|NMT|seq2seq|sequence-to-sequence|embeddings?|representations?|attention|layers?|heads?|neurons?|word vectors|pre-?trained)";

const ANALYSIS_VERB =
  '(?:analy[sz](?:e|es|ing|is)|dissect(?:s|ing)?|inspect(?:s|ing)?|interpret(?:s|ing)?|understand(?:s|ing)?|investigat(?:e|es|ing)|examin(?:e|es|ing)|uncover(?:s|ing)?|reveal(?:s|ing)?|diagnos(?:e|es|ing|tic)|demystify(?:ing)?|unveil(?:s|ing)?|explain(?:s|ing)?|visuali[sz](?:e|es|ing)|quantify(?:ing)?|measur(?:e|es|ing)|evaluat(?:e|es|ing)|test(?:s|ing)?|assess(?:es|ing)?|probing|tracing|locat(?:e|es|ing)|identify(?:ing)?|peek(?:ing)?|looking|what|how|why|when|where|whether)';

export const LEXICAL_PATTERNS: LexicalPattern[] = [
  // ---- title ----
  { name: 'title:probe', where: 'title', weight: 2, pattern: /\bprob(?:e|es|ing|ed)\b|\bdiagnostic classifiers?\b/i },
  { name: 'title:interpretab', where: 'title', weight: 1, pattern: /\binterpretab(?:le|ility)\b|\binterpreting\b|\bexplainab(?:le|ility)\b/i },
  { name: 'title:explanation', where: 'title', weight: 1, pattern: /\bexplanations?\b|\bexplain(?:s|ing)?\b|\brationales?\b/i },
  { name: 'title:attribution', where: 'title', weight: 2, pattern: /\bsaliency\b|\b(?:feature|input|token|gradient|neuron|attention|post-hoc|model) attributions?\b|\battribution (?:methods?|scores?|maps?)\b|\bintegrated gradients\b|\bfeature importance\b|\binfluence functions?\b/i },
  { name: 'title:attention-analysis', where: 'title', weight: 2, pattern: /\battention heads?\b|\bis attention\b|\battention (?:is|as|weights? as)\b.{0,20}\bexplanation|\bwhat does .{0,20}attention|\bself-attention (?:patterns|heads)\b/i },
  { name: 'title:neurons', where: 'title', weight: 2, pattern: /\bneurons?\b/i },
  { name: 'title:faithful-explanation', where: 'title', weight: 2, pattern: /\bfaithful(?:ness)?\b.{0,40}\b(?:explanations?|rationales?|attributions?|interpretations?)|\b(?:explanations?|rationales?|interpretations?)\b.{0,40}\bfaithful/i },
  { name: 'title:mechanistic', where: 'title', weight: 2, pattern: /\bmechanistic\b|\bcircuits?\b|\blogit lens\b|\btuned lens\b|\bsparse autoencoders?\b|\bsuperposition\b|\bsteering vectors?\b|\bactivation (?:patching|steering)\b|\brepresentation engineering\b/i },
  { name: 'title:causal-analysis', where: 'title', weight: 2, pattern: /\bcausal (?:mediation|intervention|abstraction|tracing|probing|analysis of)\b|\bcounterfactual (?:interventions?|representations?)\b|\binterventions? on\b/i },
  { name: 'title:erasure', where: 'title', weight: 2, pattern: /\b(?:concept|information|attribute) (?:erasure|removal)\b|\bnullspace\b|\bamnesic\b|\blinear(?:ly)? (?:subspaces?|representations?|encoded|decodable)\b/i },
  { name: 'title:what-models-know', where: 'title', weight: 2, pattern: new RegExp(`\\b(?:what|how much|how well|how|when|where|why|whether) (?:do|does|did|can|are|is)\\b.{0,50}\\b${MODEL}\\b.{0,40}\\b(?:learn|know|encode|capture|represent|store|understand|remember|memori[sz]e|use|attend|track|process|compute|acquire|generali[sz]e|see|look at|rely)`, 'i') },
  { name: 'title:model-question', where: 'title', weight: 1, pattern: new RegExp(`^(?:do|does|can|are|is|did|have|has|will)\\b.{0,40}\\b${MODEL}\\b.*\\?`, 'i') },
  { name: 'title:analysis-of-models', where: 'title', weight: 2, pattern: new RegExp(`\\b(?:analy[sz](?:e|es|ing)|analysis of|dissect(?:ing)?|inspect(?:ing)?|interpret(?:ing)?|uncover(?:ing)?|reveal(?:ing)?|demystify(?:ing)?|unveil(?:ing)?|visuali[sz](?:e|ing)|open(?:ing)? (?:up )?the black[- ]box|peek(?:ing)? into|look(?:ing)? inside|understanding (?:how|what|why|the (?:role|behaviou?r|inner|internal|representations?))|understanding (?:BERT|transformers?|neural|LSTMs?|RNNs?|attention|(?:pre-?trained |large )?language models))\\b.{0,40}\\b${MODEL}`, 'i') },
  { name: 'title:study-of-models', where: 'title', weight: 1, pattern: new RegExp(`\\b(?:investigat(?:e|ing)|examin(?:e|ing)|understanding|assessing|quantifying|measuring|evaluating|testing|diagnosing)\\b.{0,40}\\b${MODEL}`, 'i') },
  { name: 'title:inside', where: 'title', weight: 2, pattern: /\binner workings\b|\bunder the hood\b|\bblack[- ]box(?:es)?\b.{0,30}\b(?:open|inside|into|peek|explain|analy)|\binside (?:the |a )?(?:bert|transformers?|neural|language models?|llms?|lstms?)\b|\bwhat(?:'s|’s| is) (?:going on |happening )?(?:in|inside)\b/i },
  { name: 'title:knowledge-location', where: 'title', weight: 2, pattern: /\bknowledge neurons?\b|\blocat(?:e|es|ing) (?:and editing )?(?:factual )?knowledge\b|\bkey-value memories\b|\bfeed-forward layers\b/i },
  { name: 'title:linguistic-knowledge', where: 'title', weight: 1, pattern: /\b(?:syntactic|linguistic|semantic|grammatical|morphological) (?:knowledge|structure|information|competence|generali[sz]ation|abilities|capacities|sensitivity)\b|\bsubject-verb agreement\b|\bagreement attraction\b|\bgarden[- ]path\b|\bnpi licensing\b|\bfiller-gap\b/i },
  { name: 'title:representations-layers', where: 'title', weight: 1, pattern: /\b(?:contextual(?:ized)?|hidden|internal|intermediate|sentence|word) (?:representations|states|embeddings)\b|\blayer[- ]?wise\b|\bacross layers\b|\b(?:an)?isotropy\b|\brepresentational similarity\b|\bgeometry of\b/i },
  { name: 'title:analysis-word', where: 'title', weight: 1, pattern: /\b(?:an|empirical|systematic|granular|comparative|detailed|in-depth|fine-grained|controlled|causal|layer-wise|quantitative|qualitative) analysis\b|\banalysis (?:of|on)\b|[:?] analy[sz](?:is|ing)\b|^analy[sz](?:is|ing)\b|\banaly[sz]ing (?:the|how|what|why)\b|\bcloser look\b|\bempirical study\b|\bsystematic(?:ally)? (?:study|investigation|evaluation)\b|\brevisit(?:ing)?\b|\bwhy (?:do|does|are|is)\b|\bon the (?:role|effect|nature|importance)\b|\bfailures? of\b|\bsensitivity\b|\bshortcuts?\b|\bheuristics?\b/i },
  { name: 'title:expressivity', where: 'title', weight: 2, pattern: /\bexpressiv(?:ity|e power)\b|\bcomputational power\b|\blimitations of (?:log-precision |self-attention |neural |recurrent )?(?:transformers?|rnns?|lstms?|attention|language models)\b|\brepresentational capacity\b|\bformal languages?\b|\btheoretical limitations?\b|\bwhat .{0,30}can (?:and cannot )?(?:compute|express|recogni[sz]e)\b/i },
  { name: 'title:memorization', where: 'title', weight: 1, pattern: /\bmemori[sz](?:e|es|ation|ing)\b|\bemergen(?:t|ce)\b|\btraining dynamics\b|\bcompositional generali[sz]ation\b/i },

  { name: 'title:model-claim', where: 'title', weight: 2, pattern: new RegExp(`^(?:[\\w'’-]+ ){0,4}${MODEL} (?:do not |don[’']t |can(?:not)? |partially |also |still |often |largely |mostly |implicitly |linearly |systematically |robustly |reliably |truly )?(?:show|respond|exhibit|learn|encode|capture|know|lack|fail|struggle|rely|represent|embed|track|attend|ignore|memori[sz]e|generali[sz]e|mimic|reflect|perceive|see|understand)s?\\b`, 'i') },
  { name: 'title:model-wh-question', where: 'title', weight: 2, pattern: new RegExp(`^(?:how|why|what|when|where|which|do|does|did|can|could|are|is)\\b.{0,40}\\b${MODEL}\\b.{0,80}\\?`, 'i') },
  { name: 'title:knows', where: 'title', weight: 2, pattern: new RegExp(`\\b(?:what|how much|how well)\\b.{0,30}\\b${MODEL}\\b.{0,10}\\b(?:knows?|learns?|encodes?|captures?|understands?|sees?|represents?|remembers?)\\b|\\btesting (?:the )?(?:knowledge|abilit(?:y|ies)|competence)\\b|\\bmodel analysis\\b|\\bbertology\\b|\\battribution analysis\\b|\\bpost-hoc interpretations?\\b|\\binterpretations? of (?:neural|transformers?|bert|language models?|models?|predictions)\\b`, 'i') },
  { name: 'title:in-models', where: 'title', weight: 1, pattern: /\b(?:in|of|inside|within|across|by|with) (?:(?:the|a|pre-?trained|large|neural|multilingual|transformer-based|instruction-tuned|contextual(?:ized)?|autoregressive|masked|base and instruction-tuned) )*(?:language models?|LMs|LLMs|m?BERT|transformers?|PLMs)\b/i },
  { name: 'title:capture-question', where: 'title', weight: 2, pattern: /^(?:do|does|can|are|is|did)\b.{0,40}\b(?:capture|encode|learn|know|represent|understand|generali[sz]e)\b.*\?/i },
  { name: 'title:components', where: 'title', weight: 2, pattern: /\blogit attributions?\b|\bcomponents? responsible\b|\b(?:heads|neurons|layers|components) (?:responsible|specialized|that)\b|\blinear decompositions?\b/i },
  { name: 'title:improving-system', where: 'title', weight: -1, pattern: /^(?:improving|enhancing|boosting|towards better|learning to|a novel|an efficient|efficient|leveraging|exploiting|incorporating|unified|end-to-end)\b|\b(?:a|an) (?:novel|new) (?:framework|model|method|approach|architecture)\b/i },

  // ---- abstract ----
  { name: 'abstract:finding-about-models', where: 'abstract', weight: 1, pattern: new RegExp(`\\bwe (?:find|show|observe|demonstrate|reveal|discover) that (?:the |these |current |existing |state-of-the-art |large |pre-?trained |neural |such |all |many |most )*${MODEL} (?:do not |don[’']t |often |largely |mostly |consistently |still |can(?:not)? |are (?:not |un)?able to |partially |implicitly )?(?:fail|struggle|rely|lack|ignore|exhibit|learn|encode|capture|represent|track|attend|use|generali[sz]e|memori[sz]e|understand|know|show|tend|behave|perform (?:poorly|worse))`, 'i') },
  { name: 'abstract:analysis-aim', where: 'abstract', weight: 1, pattern: new RegExp(`\\b(?:we|this (?:paper|work|study)|our (?:analysis|study|experiments))\\b.{0,30}\\b(?:analy[sz]e|analy[sz]es|probe|probes|investigate|investigates|examine|examines|study|studies|inspect|dissect|interpret|characteri[sz]e|explore|ask|test|quantify|shed light on|understand)\\b.{0,60}\\b(?:what|how|whether|which|why|the extent to which|to what extent)\\b.{0,80}\\b${MODEL}`, 'i') },
  { name: 'abstract:probing', where: 'abstract', weight: 1, pattern: /\bprobing (?:classifiers?|tasks?|experiments?|analys[ie]s|studies|methods?|results|accuracy)\b|\bdiagnostic classifiers?\b|\bstructural probes?\b|\blinear probes?\b|\bwe probe\b|\bprobes? (?:trained|for|to)\b/i },
  { name: 'abstract:internals', where: 'abstract', weight: 1, pattern: /\b(?:hidden|internal|intermediate|contextual(?:ized)?|latent) (?:representations|states|activations|layers)\b.{0,120}\b(?:encode|capture|contain|reflect|analy|probe|interpret|reveal|represent)|\b(?:encode|capture|contain|reflect|analy[sz]e|probe|interpret|reveal|inspect)\w*\b.{0,60}\b(?:hidden|internal|intermediate) (?:representations|states|activations)\b/i },
  { name: 'abstract:attention-analysis', where: 'abstract', weight: 1, pattern: /\battention (?:heads?|weights|distributions|maps|patterns)\b.{0,120}\b(?:explain|explanation|interpret|analy|attend to|focus on|specializ|capture|track)|\b(?:analy[sz]e|interpret|inspect|visuali[sz]e)\w*\b.{0,40}\battention\b/i },
  { name: 'abstract:interpretability', where: 'abstract', weight: 0.5, pattern: /\binterpretability\b|\bexplainability\b|\binterpretation methods?\b|\bexplanation methods?\b|\bpost-hoc explanations?\b|\bexplain (?:the )?(?:model'?s? )?(?:predictions|decisions|behaviou?r)\b/i },
  { name: 'abstract:attribution', where: 'abstract', weight: 1, pattern: /\bsaliency\b|\bfeature attributions?\b|\battribution (?:methods?|scores?|maps?)\b|\bintegrated gradients\b|\bgradient-based (?:explanations?|attribution|saliency)\b|\bLIME\b|\bSHAP\b|\binput (?:attribution|importance|erasure)\b|\binfluence functions?\b/i },
  { name: 'abstract:faithful', where: 'abstract', weight: 1, pattern: /\bfaithful(?:ness)?\b.{0,60}\b(?:explanations?|rationales?|attributions?|interpretations?)\b|\b(?:explanations?|rationales?|attributions?)\b.{0,60}\bfaithful(?:ness)?\b|\bplausib(?:le|ility)\b.{0,40}\bexplanations?\b/i },
  { name: 'abstract:linguistic-knowledge', where: 'abstract', weight: 1, pattern: /\bwhat (?:kind of |types? of )?(?:linguistic|syntactic|semantic|world|factual) (?:information|knowledge|properties|features)\b|\b(?:encode|encodes|encoded|capture|captures|captured|learn|learns|learned|acquire|acquires|represent|represents)\b.{0,30}\b(?:syntactic|linguistic|semantic|morphological|hierarchical|grammatical) (?:information|knowledge|structure|properties|features|dependencies)\b|\bsubject-verb agreement\b|\btargeted (?:syntactic )?evaluation\b|\bminimal pairs\b/i },
  { name: 'abstract:neurons', where: 'abstract', weight: 1, pattern: /\b(?:individual|specific|single) neurons?\b|\bneurons? (?:that|which|responsible|in (?:the )?(?:model|network|BERT|transformer|LSTM|FFN|MLP))\b|\bneuron[- ]level\b/i },
  { name: 'abstract:causal', where: 'abstract', weight: 1, pattern: /\bcausal (?:mediation|interventions?|abstraction|tracing|effects? of (?:the )?(?:neurons|heads|components|representations))\b|\bactivation patching\b|\bamnesic\b|\bconcept erasure\b|\biterative nullspace\b|\bablat(?:e|es|ing|ion of) (?:individual |specific |attention )?(?:heads|neurons|layers|components)\b|\bmechanistic interpretability\b|\bcircuits?\b.{0,40}\b(?:model|transformer|LM|network)/i },
  { name: 'abstract:how-models-work', where: 'abstract', weight: 1, pattern: /\b(?:inner|internal) (?:workings|mechanisms?|computations?)\b|\bhow (?:these |such |the |neural |pre-?trained |large )?(?:models|LMs|LLMs|language models|transformers|networks|BERT)\b.{0,30}\b(?:work|process|represent|encode|learn|store|use|make (?:their )?(?:predictions|decisions)|arrive|solve|perform)\b|\bwhat (?:these |the |neural |pre-?trained )?(?:models|LMs|LLMs|language models|networks|BERT)\b.{0,20}\b(?:learn|know|encode|capture)\b/i },
  { name: 'abstract:shed-light', where: 'abstract', weight: 0.5, pattern: /\bsheds? (?:new )?light on\b|\bbetter understand(?:ing)?\b|\bprovides? (?:new )?insights? into\b|\bfindings suggest\b|\bour (?:analysis|analyses|findings) (?:show|reveal|suggest|indicate)\b|\bsurprisingly\b/i },
  { name: 'abstract:system-paper', where: 'abstract', weight: -1, pattern: /\b(?:we|this paper) (?:propose|present|introduce)s? (?:a |an )?(?:novel|new|simple yet effective|effective|unified|end-to-end)\b.{0,120}\b(?:framework|model|approach|method|architecture|system)\b.{0,400}\b(?:outperforms?|state-of-the-art|sota|improvements? over|significantly improves?)\b/i },
  { name: 'abstract:benchmark-paper', where: 'abstract', weight: -0.5, pattern: /\b(?:we|this paper) (?:introduce|present|propose|construct|release|build)s? (?:a |an )?(?:new |novel |large-scale |comprehensive |challenging )*(?:benchmark|dataset|corpus)\b/i },
];

/** Title points that select a paper on their own, and title + abstract points that select it. */
export const LEXICAL_RULE = { titleAlone: 2, total: 2, abstractCap: 3 } as const;

export interface LexicalDecision {
  selected: boolean;
  score: number;
  titlePoints: number;
  abstractPoints: number;
  hits: string[];
  /** One reviewable line: which patterns, which points, which threshold. */
  reason: string;
}

export function lexicalDecision(title: string, abstract: string | undefined): LexicalDecision {
  const hits: string[] = [];
  let titlePoints = 0;
  let abstractPoints = 0;
  for (const p of LEXICAL_PATTERNS) {
    const text = p.where === 'title' ? title : (abstract ?? '');
    if (!p.pattern.test(text)) continue;
    hits.push(`${p.name}${p.weight >= 0 ? '+' : ''}${p.weight}`);
    if (p.where === 'title') titlePoints += p.weight;
    else abstractPoints += p.weight;
  }
  abstractPoints = Math.min(abstractPoints, LEXICAL_RULE.abstractCap);
  const score = titlePoints + abstractPoints;
  const byTitle = titlePoints >= LEXICAL_RULE.titleAlone && abstractPoints >= 0;
  const selected = byTitle || score >= LEXICAL_RULE.total;
  const reason = selected
    ? byTitle
      ? `title points ${titlePoints} >= ${LEXICAL_RULE.titleAlone} (${hits.join(', ')})`
      : `title + abstract points ${score} >= ${LEXICAL_RULE.total} (${hits.join(', ')})`
    : `points ${score} (${hits.join(', ') || 'no pattern'})`;
  return { selected, score, titlePoints, abstractPoints, hits, reason };
}

export interface LabelledRecall {
  labelled: number;
  relevant: number;
  selected: number;
  truePositives: number;
  precision: number;
  recall: number;
}

/** Precision and recall of a selection on hand labels (`relevant` yes/no per Anthology id). */
export function labelledRecall(labels: readonly { anthologyId: string; relevant: boolean }[], isSelected: (id: string) => boolean): LabelledRecall {
  let selected = 0;
  let truePositives = 0;
  let relevant = 0;
  for (const l of labels) {
    const s = isSelected(l.anthologyId);
    if (l.relevant) relevant++;
    if (s) selected++;
    if (s && l.relevant) truePositives++;
  }
  return {
    labelled: labels.length,
    relevant,
    selected,
    truePositives,
    precision: selected > 0 ? truePositives / selected : 0,
    recall: relevant > 0 ? truePositives / relevant : 0,
  };
}
