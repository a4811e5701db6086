/**
 * Which of the four senses of "mechanistic" (Saphra & Wiegreffe, 2024) apply to a question,
 * decided by explainable rules. Every verdict lists the phrases that triggered it.
 *
 * - narrow technical: a causal claim about mechanisms at the level of intermediate representations
 *   (an intervention on activations, heads, neurons, weights…);
 * - broad technical: any study of a model's internals (activations, weights), causal or not;
 * - narrow cultural: the work comes from the MI community (authors' network, publication channel);
 * - broad cultural: any (language-model) interpretability research.
 */
import type { Community, Concept } from './corpus-schema.ts';
import type { ChannelLink } from './input.ts';
import type { DefinitionVerdict, Definitions } from './types.ts';
import { MI_CHANNEL } from './fetched-culture.ts';

interface Cue {
  pattern: RegExp;
  /** What the phrase tells, for the evidence line. */
  means: string;
  /** Common outside interpretability too ("layers", "weights"): counts only next to other interpretability evidence. */
  weak?: true;
}

/** Not a claim of beating anything: "falls short of outperforming BERT", "does not outperform". */
const NOT_BEATEN = String.raw`(?<!\b(short of|fail(s|ed)? to|not|never|without|cannot|can['’]t|unable to) )`;

/**
 * Making a model cheaper: pruning, quantization, sparsity, KV-cache compression, speed-ups, latency or memory. Methods
 * that do it often work on heads, neurons and activations (which heads to keep, which activations are outliers).
 */
const EFFICIENCY_TOPIC =
  /\b(kv[- ]cache|compression|compress(es|ing)?|prun(e|es|ed|ing)|quantiz\w*|sparsif\w*|speed-?ups?|latency|throughput|memory (footprint|usage|cost|consumption|overhead)|inference (cost|speed|time|efficiency)|efficien(t|cy)|accelerat\w*)\b/;
/** The channels (link hosts) of the MI community: LessWrong and the Alignment Forum, transformer-circuits.pub, Distill. */
const MI_CHANNEL_KINDS: ReadonlySet<string> = new Set(['forum', 'transformer-circuits', 'distill']);
/** Knowledge editing named as a task. */
const EDITING_TASK = /\b(knowledge|model|fact) editing\b|\bknowledge edits?\b|\bedit(s|ed|ing)? (the )?(factual )?(knowledge|facts)\b/;
/** Editing methods that locate what they edit: naming one names the internals it works on. */
const LOCATED_EDITING = /\brome\b|\bmemit\b|\bknowledge neurons?\b|\bcausal tracing\b|\brank[- ]one\b/;
/** What the two editing cues of CAUSAL_CUES say: the only interventions a text about the editing task may name. */
const EDITS_FACTS = 'editing weights tests where a fact is stored';
const EDITS_INTERNALS = 'editing representations or weights is an intervention';
const ABLATES = 'ablation removes a component and measures the effect';
const EXPLICIT_INTERVENTION = 'an explicit intervention';
const CAUSAL_METHOD = 'a causal method';
/** Interventions named in words that fit inputs, data or text as well as internals ("we ablate…", "a causal effect"). */
const UNTARGETED_CAUSAL = new Set([ABLATES, EXPLICIT_INTERVENTION, CAUSAL_METHOD]);

/** A word in -ly that is an adverb, not a verb such as "multiply". */
const ADVERB = '(?!(multiply|multiplies|supply|reply|rely|apply)\\b)\\w+ly';
const NOT_AN_ACT = [
  'train', 'pretrain', 'fit', 'prob', 'analy[sz]', 'visuali[sz]', 'inspect', 'examin', 'stud(y|i)', 'decod', 'read', 'extract', 'record', 'collect',
  'cach', 'comput', 'calculat', 'measur', 'track', 'cluster', 'compar', 'find', 'found', 'identif', 'locat', 'show', 'us(e|es|ed|ing)\\b', 'plot',
  'look', 'trac(e|es|ed|ing)\\b', 'characteri[sz]', 'interpret', 'explain', 'discover', 'uncover', 'map', 'label', 'describ', 'quantif', 'evaluat',
  'test', 'observ', 'investigat', 'explor', 'decompos', 'factori[sz]', 'learn', 'captur', 'leverag', 'buil', 'propos', 'introduc', 'present',
  'develop', 'design', 'fine-?tun', 'tun(e|es|ed|ing)\\b', 'quanti[sz]', 'distil', 'compress', 'initiali[sz]', 'shar', 'ti(e|es|ed)\\b', 'tying',
  'stor', 'reus', 'sav', 'load', 'feed', 'fed\\b', 'pass', 'pool', 'concatenat', 'aggregat', 'averag(e|es|ed|ing) (?!out\\b)', 'project(s|ed|ing)? (?!(out|away)\\b)',
  'sampl', 'generat', 'encod', 'embed', 'represent', 'prompt', 'ask', 'giv', 'provid', 'obtain', 'get', 'got\\b', 'tak', 'took', 'run', 'ran\\b',
  'sort', 'rank', 'select', 'filter', 'group', 'split', 'normali[sz]', 'align', 'match', 'correlat', 'regress', 'predict', 'classif', 'reconstruct',
  'approximat', 'estimat', 'model', 'simulat', 'optimi[sz]', 'updat', 'need', 'hav', 'had\\b', 'mak', 'made\\b', 'allow', 'enabl', 'let\\b', 'lets\\b',
  'see\\b', 'sees\\b', 'saw\\b', 'know', 'knew', 'not(e|es|ed|ing)\\b', 'argu', 'hypothesi[sz]', 'assum', 'expect', 'say', 'said', 'consider', 'focus',
  'attribut', 'connect', 'relat', 'link', 'view', 'treat', 'defin', 'call', 'nam', 'refer', 'denot', 'keep', 'kept', 'leav', 'left', 'perform',
  'conduct', 'do\\b', 'does\\b', 'did\\b', 'carr', 'repeat', 'report', 'releas', 'open', 'writ', 'wrote', 'list', 'access', 'monitor', 'scan',
  'search', 'benchmark', 'conclud', 'demonstrat', 'reveal', 'suggest', 'establish', 'confirm', 'verif', 'validat', 'replicat', 'reproduc', 'formulat', 'deriv',
  'prov(e|es|ed|ing)\\b', 'freez(e|es|ing)? (all |the |its |their )?([\\w-]+ )?(layers|weights|parameters|embeddings|model|backbone|encoder|decoder)\\b',
  'froze(n)? (all |the |its |their )?([\\w-]+ )?(layers|weights|parameters|embeddings|model|backbone|encoder|decoder)\\b',
  'appl(y|ies|ied|ying)\\b', 'employ', 'pair', 'lack', 'understand', 'elicit', 'narrow', 'categori[sz]', 'determin',
  // Not a verb at all: an adverb, a function word ("by the hidden states"), a word that only orders the sentence.
  `${ADVERB}\\b`, '(the|a|an|this|these|those|that|its|their|our|all|each|every|some|any|both|such|other|more|most|much|many|only|just|also|not|no|so|as|in|on|at|of|for|with|from|into|onto|over|under|between|across|within|to|further|first|then|now|next|additionally|finally|here|thus|therefore|still|often|even|again|instead|subsequently|afterwards)\\b',
].join('|');
/** Words in -ing that open a sentence without being an act: "Existing work…", "During training…". */
const NOT_A_GERUND = 'during|existing|following|including|according|regarding|concerning|increasing|growing|emerging|underlying|corresponding|remaining|leading|promising|interesting|surprising|resulting|competing|missing|pressing|something|nothing|anything|everything|building|being|having|going|bring|king|ring|string|thing|morning|evening|spring';
/** What an act may fall on: a component or representation inside the model. */
const ACT_TARGET =
  "(residual stream|parameters|sub-?networks?|circuits?|hidden (states?|representations?)|activations?|neurons?|(attention )?heads?(['’]s? outputs?| outputs?)?|attention (scores|weights|patterns?|maps?|distributions?)|(value|key|query) vectors?|mlps?( outputs?| layers?| blocks?)?|feed[- ]forward (outputs?|layers?|blocks?|networks?)|latents?|(sae|autoencoder|dictionary|sparse|learned|interpretable) features?|directions?|subspaces?|weight matri(x|ces)|weights|representations?|embeddings?|layers?|skip connections?|residual connections?|units?)";
/** The effect watched after the act. */
const ACT_EFFECT =
  "\\b(and|then|to|before)\\s+(then\\s+)?(measure|see|check|test|watch|observe|record|compare|count|track|evaluate|examine|ask|find out|look at)\\b|\\b(see|check|test|measure|ask|find out|examine) (whether|if|how)\\b|\\b(the |a |its )?(model|network|transformer|llm|lm|it)(['’]s)? (\\w+ ){0,2}?(now |then |still |no longer |instead |suddenly )?(starts?|stops?|answers?|says|predicts?|outputs?|generates?|produces?|calls?|fails?|refuses?|declines?|switches|changes|loses|forgets|prefers|names?)\\b|\\b(drops?|dropped|falls?|fell|collapses?|collapsed|disappears?|disappeared|vanish(es|ed)?|flips?|flipped|switches|switched|changes|changed|degrades?|degraded|breaks?|broke)\\b|\\b(cuts?|removes?|restores?|destroys?|reduces?|eliminates?|leaves?|makes?|brings?|turns?|changes?|increases?|decreases?|raises?|lowers?|jailbreaks?|jailbroke) (the |a |its )?([\\w'’-]+ )?(model|accuracy|behaviou?r|answers?|outputs?|predictions?|fact|performance|ability|mentions|probability|logits?|loss|rate|generations?)\\b|\\bso (that )?the (model|network)\\b|\\bwhether the (model|network|llm|lm)\\b|\\b(at|to) chance\\b";
const ACTS_ON_INTERNALS = 'acting on an internal component and watching the effect is an intervention';
/** An intervention cue that names one of these as its target acts on internals ("modify subsets of weights"). */
const INTERVENTION_TARGET = new RegExp(`\\b${ACT_TARGET}\\b`);
/** A character inside a sentence: a stop not followed by a space ("head 5.1", "e.g") does not end it. */
const IN_SENTENCE = '(?:[^.!?\\n]|[.!?](?!\\s|$))';
/**
 * An intervention described by what is done rather than named: an act on an internal component ("we silence the output
 * of one head", "pinning one dictionary feature at zero") whose effect on the model is then watched, in the same sentence
 * or the next ("… and measure how far accuracy drops", "… the model stops refusing"). Any verb may be the act except those
 * that read, train, build or describe (NOT_AN_ACT): "we train a probe on the hidden states and measure…" reads them.
 */
const ACT_ON_INTERNALS = new RegExp(
  `(\\b(we|i|by|if we|when we|once we) |(?<=^|[.!?;:]\\s+|\\n\\s*)(?=[a-z]+ing\\b)(?!(${NOT_A_GERUND})\\b))((can|could|then|also|first|further|additionally|next|simply|directly|${ADVERB}) )?(?!(${NOT_AN_ACT}))[a-z][a-z'-]*( (out|off|down|up|over|in|away|back|along|toward|towards|apart|around))? (the |a |an |one |each |every |all |some |its |their |this |that |these |those )?([\\w'’.-]+ ){0,4}?${ACT_TARGET}\\b(?=${IN_SENTENCE}{0,200}?(${ACT_EFFECT})|${IN_SENTENCE}{0,200}?[.!?]\\s+${IN_SENTENCE}{0,120}?(${ACT_EFFECT}))`,
);

/** Interventions: changing the model's computation and watching the effect. */
const CAUSAL_CUES: Cue[] = [
  { pattern: /\b(activation |path |attribution |causal |subspace |head |attention[- ]head )?patch(es|ed|ing)?\b/, means: 'patching activations is an intervention' },
  { pattern: /\bablat(e|es|ed|ing|ion|ions)\b|\bknock(ed|ing)?[- ]?out\b|\bzero(ed|ing)?[- ]out\b|\bmean[- ]ablat/, means: ABLATES },
  // Not an intervention on the model: "human intervention", "intervening in the training data".
  {
    pattern:
      /(?<!\b(human|manual|medical|clinical|policy|educational|early|timely|expert|user) )(\binterven(e|es|tion|tions|ing|ed)\b(?! (in|on|into) (the )?(training|data|dataset|prompts?|inputs?|loop|process|education|policy|society)\b)|\binterchange\b)/,
    means: EXPLICIT_INTERVENTION,
  },
  { pattern: /\bcausal (tracing|mediation|scrubbing|abstraction|effect|role|analysis|intervention)s?\b|\bcausal(ly)? (validat|verif|test)|\bcausal experiments?\b|\bcausally (change|changes|changing|affect|affects|alter|alters|influence|influences) (the )?(model(['’]s)? )?(outputs?|predictions?|behaviou?r)\b/, means: CAUSAL_METHOD },
  { pattern: /\bcounterfactual (input|activation|representation|intervention)s?\b|\balterrep\b/, means: 'counterfactual representations' },
  { pattern: /\bsteer(ing|ed|s)?\b|\bactivation (addition|steering)\b|\bactadd\b|\badd(ing|ed)? (a|the) (steering )?(vector|direction)\b/, means: 'steering adds a direction to the activations' },
  {
    pattern:
      /\bresampl(e|es|ed|ing)\b|\bclamp(s|ed|ing)?\b|\bswap(ped|ping)? (the )?activations?\b|\breplac(e|ed|ing) (the )?(activations?|hidden states?|outputs?)\b|\b(replac(e|es|ed|ing)|overwrit(e|es|ing|ten)|overwrote) (the |its |their |a |an )?([\w-]+ ){0,2}(activations?|hidden states?|representations?|embeddings?|residual stream|attention (patterns?|weights|scores|maps?))( (of|at|in) (the |a |an |each |every )?[\w'’.-]+( [\w'’.-]+){0,2})? (with|by)\b/,
    means: 'replacing activations is an intervention',
  },
  { pattern: /\bzero(es|ed|ing) (the |these |those |all |their |its )?([\w-]+ ){0,2}(neurons?|heads?|activations?|units?|components?|weights|dimensions?|sub-?networks?)\b/, means: 'zeroing components is an intervention' },
  { pattern: /\bappl(y|ies|ied|ying) (the |a |an |this |that |our |these )?([\w-]+ ){0,3}(maps?|mappings?|transformations?|vectors?|directions?|projections?|edits?) to (the |its |their )?([\w-]+ ){0,2}(hidden states?|activations?|representations?|residual stream|embeddings?)\b/, means: 'applying a map or vector to the hidden states is an intervention' },
  { pattern: /\b(edit|edits|edited|editing) (the |their |its )?(weights|model|facts?|knowledge|memories)\b|\b(knowledge|model|fact) editing\b|\brome\b|\bmemit\b|\brank[- ]one (model )?edit/, means: EDITS_FACTS },
  { pattern: /\b(amnesic probing|concept erasure|attribute removal|inlp|leace|erase|erases|erased|erasing|remov(e|es|ing) (the )?(direction|subspace|information))\b|\bproject(s|ed|ing)? (out|away) (the |a |this |that |its )?([\w-]+ ){0,2}(directions?|subspaces?|components?)\b|\bwhose (removal|addition|ablation)\b|\b(removal|ablation|projection) of (the |a |this )?(direction|subspace)\b/, means: 'erasing information from the representation is an intervention' },
  { pattern: /\brestor(e|es|ed|ing) (the )?([\w-]+ ){0,2}(hidden states?|activations?|representations?)\b|\bcorrupt(ed|ing)? (the )?([\w-]+ ){0,2}(tokens?|inputs?) and restor/, means: 'restoring activations into a corrupted run is patching' },
  { pattern: /\bshift(s|ed|ing)? (the )?(model )?(activations?|hidden states?|representations?)\b|\bshifting along\b/, means: 'shifting activations along a direction is an intervention' },
  { pattern: /\bacdc\b|\batp\*|\bdistributed alignment search\b|\bcompleteness and minimality\b|\bmasks? over (edges|weights|neurons|heads)\b|\bprun(e|es|ed|ing) (the )?([\w-]+ )?(model|weights|edges|neurons)\b/, means: 'a method that works by intervening on components (patching, masking, pruning)' },
  { pattern: /\bprun(e|ed|ing) (attention )?heads?\b|\bhead pruning\b/, means: 'pruning heads and measuring the effect is an intervention' },
  // Interventions named by what is done rather than by a technique's name.
  { pattern: /\b(deactivat|silenc|suppress|disabl)(e|es|ed|ing) (the |these |those |all )?([\w-]+ ){0,3}(neurons?|heads?|units?|features?|components?|layers?)\b/, means: 'switching components off is an intervention' },
  { pattern: /\b(set|setting|sets) (the |their |its )?([\w-]+ ){0,2}(activations?|neurons?|outputs?|values?|heads?|units?) ([\w-]+ ){0,3}to (zero|0|their mean|a constant|a fixed value)\b/, means: 'setting activations to a value is an intervention' },
  { pattern: /\b(edit|edits|edited|editing|modify|modifies|modified|modifying|modification of|rotat(e|es|ed|ing)) (the |its |their |llm's |llm’s |model's |model’s )?([\w-]+ ){0,2}(activations?|internal representations?|hidden states?|representations?|attention|parameters|weights|residual stream)\b|\b(activation|representation|attention) (editing|modification|engineering)\b/, means: EDITS_INTERNALS },
  {
    pattern:
      /\b(add|adds|added|adding|subtract(s|ed|ing)?|swap(s|ped|ping)?|inject(s|ed|ing)?|insert(s|ed|ing)?) ((a |an |the |these )?([\w-]+ ){0,2}(vectors?|directions?)|it|them|this|these) (to|into|in|from|at) (the )?([\w-]+ ){0,2}(activations?|hidden states?|residual stream|representations?|layers?)\b|\b(add|adds|added|adding|subtract(s|ed|ing)?) (the |a |an )?([\w'’-]+ ){1,8}(to|from) (the |every |each |all )?([\w'’-]+ ){0,2}(activations|hidden states?|residual stream)\b/,
    means: 'adding or swapping vectors in the hidden state is an intervention',
  },
  { pattern: /\b(heads|neurons|layers|feed[- ]forward networks|ffns?|mlps?|components|sub-?networks|circuits) (can |could )?(be |are |were )?(removed|pruned|dropped)\b|\bremov(e|ed|ing) (the )?([\w-]+ ){0,2}(heads|neurons|layers|sub-?networks|circuits)\b/, means: 'removing components and measuring the effect is an intervention' },
  {
    pattern:
      /\bscal(e|es|ed|ing) (up |down |up or down )?(the |a |an |their |its )?(([\w-]+ ){0,3}(heads?|neurons?|activations?|value vectors?|attention weights|hidden states?)|outputs? of (the |a |an |each |every )?([\w-]+ )?(mlps?|heads?|layers?|neurons?|feed[- ]forward (blocks?|layers?|networks?)|ffns?))\b/,
    means: 'scaling components up or down is an intervention',
  },
  { pattern: /\b(manipulat(e|es|ed|ing)|tamper(s|ed|ing)? with|perturb(s|ed|ing)?|amplif(y|ies|ied|ying)) (the |these |those |all |a few |their |its )?([\w-]+ ){0,3}(neurons?|heads?|activations?|units?|hidden states?|internal representations?|residual stream)\b/, means: 'manipulating components and watching the output is an intervention' },
  // The same interventions named by their nouns ("inhibition of the identified neurons") or on whole layers.
  { pattern: /\b(inhibition|amplification|suppression|deactivation|silencing|removal|perturbations?|disruption|manipulation|scaling|zeroing|masking) (of|to) (the |these |those |its |their |identified |specific |individual |selected )*([\w-]+ ){0,2}(neurons?|heads?|layers?|parameters|weights|regions?|units?|components?|latents?|features?|activations?)\b/, means: 'acting on components and watching the effect is an intervention' },
  { pattern: /\b(skip(s|ped|ping)?|reorder(s|ed|ing)?|drop(s|ped|ping)?) (the |some |several |middle |individual |entire )?([\w-]+ )?layers\b|\brunning (the )?layers in (a different order|parallel)\b/, means: 'skipping or reordering layers of a trained model is an intervention' },
  { pattern: /\b(set|setting|sets) (the |their |its |these )?([\w-]+ ){0,2}(parameters|weights) to (zero|0)\b/, means: 'setting weights to zero is an intervention' },
  { pattern: /\bfeed(s|ing)? (the |these |their |its )?([\w-]+ ){0,4}(internal representations?|hidden states?|activations?) ([\w-]+ ){0,3}(back )?(in)?to the model\b/, means: 'feeding internal representations back into the model is an intervention' },
  // An intervention verb a few words before its target ("pruning retrieval heads", "dropping out identified neurons",
  // "perturbing a model's activations", "constrains the false premise attention heads").
  {
    pattern:
      /\b(prun(e|es|ed|ing)|mask(s|ed|ing)? out|drop(s|ped|ping)? out|eliminat(e|es|ed|ing)|disabl(e|es|ed|ing)|deactivat(e|es|ed|ing)|constrain(s|ed|ing)?|perturb(s|ed|ing)?|inhibit(s|ed|ing)?|(turn|switch)(s|es|ed|ing)? off|knock(s|ed|ing)? out|clamp(s|ed|ing)?|amplif(y|ies|ied|ying)|suppress(es|ed|ing)?|skip(s|ped|ping)?) ([\w'’-]+ ){0,4}(neurons?|heads?|activations?|hidden states?|dimensions?|latents?|experts?|subspaces?|residual stream|units?|adapters?|sub-?networks?|spectrum)\b/,
    means: 'acting on internal components and watching the effect is an intervention',
  },
  // The passive: "the norms are artificially perturbed", "when these heads are ablated".
  { pattern: /\b(activations?|norms?|heads?|neurons?|weights|parameters|hidden states?|latents?|features|components|layers|residual stream|subspaces?|directions?) (are|were|is|was|get|gets|got|being) (artificially |randomly |selectively |individually |jointly )?(perturbed|ablated|pruned|zeroed|zeroed out|patched|suppressed|amplified|clamped|masked|knocked out|steered|swapped|resampled)\b/, means: 'components acted on (in the passive) is an intervention' },
  { pattern: /\binject(s|ed|ing)? ([\w'’-]+ ){0,6}into (the |a )?([\w'’-]+ ){0,4}(weights|parameters|activations?|hidden states?|residual stream|neurons?)\b/, means: 'injecting information into the weights or activations is an intervention' },
  { pattern: /\bcausal(ly)? (impact|influence|effective|relevant)\b|\bcausally influenc(e|es|ed|ing)\b|\b(important|crucial|necessary|responsible) causally\b|\bcausally (important|crucial|necessary|responsible|implicated)\b/, means: 'a measured causal effect of internal features' },
  // Injections and masking named by their nouns or on whole layers ("memory injections on attention heads", "masking out entire layers").
  { pattern: /\binjections? (of [\w'’-]+ ([\w'’-]+ ){0,3})?(into|on|at) (the |a |an )?([\w'’-]+ ){0,3}(heads?|layers?|neurons?|activations?|hidden states?|residual stream)\b/, means: 'injecting information into heads or layers is an intervention' },
  { pattern: /\b(mask(s|ed|ing)? out|knock(s|ed|ing)? out|zero(s|ed|ing)? out|ablat(e|es|ed|ing)) (the |entire |whole |individual |single |specific |selected |intermediate )*([\w-]+ )?layers?\b/, means: 'masking or ablating whole layers is an intervention' },
  { pattern: /\b(convert|revert|translat)(s|ed|ing|es|e)? ([\w'’-]+ ){0,3}(representations|hidden states|activations)( of (a |an |the )?[\w'’-]+( [\w'’-]+)?)? (back )?(in)?to\b/, means: 'mapping representations into those of another input inside the model is an intervention' },
  { pattern: /\bcontrol(s|led|ling)? (the )?(model['’]s |its |the model['’]s )?(behaviou?r|outputs?|generations?) (with|by|through|via|using) ([\w-]+ ){0,3}(vectors?|vector arithmetic|directions?|activations?|neurons?|latents?)\b/, means: 'controlling the output through internal vectors is an intervention' },
  { pattern: ACT_ON_INTERNALS, means: ACTS_ON_INTERNALS },
];

/** A sentence that only points to future work or applications ("sets the stage for future research in knowledge editing") reports no intervention. */
const FUTURE_WORK = /\bfuture (work|research|studies|directions?)\b|\bpave(s|d)? the way\b|\bset(s)? the stage\b/;

/**
 * Causal questions about internals without a named intervention ("the heads responsible for",
 * "trace the information flow"): the text makes a causal claim but does not say how it was tested,
 * so narrow technical is "can't tell" rather than "no".
 */
const CAUSAL_CLAIM_CUES: Cue[] = [
  { pattern: /\bresponsible for\b|\b(heads?|neurons?|components?) responsible\b|\binformation flow\b|\btrac(e|es|ed|ing) (the |how |where )?([\w-]+ ){0,2}(source|information|mechanisms?|flow)\b|\bwhat mechanisms\b|\bcausal(ly)? (role|contribution)\b/, means: 'a causal claim about components, method not named' },
];

/**
 * Claims about how a model works ("a mechanistic understanding of", "why LLMs attend to the first token", "what causes
 * polysemanticity") that do not say how they were found. Without an intervention or a named observational method the
 * verdict is "can't tell": the claim may rest on interventions the text does not describe.
 */
const MECHANISM_CLAIM_CUES: Cue[] = [
  { pattern: /\bmechanis(m|ms|tic|tically)\b/, means: 'a claim about mechanisms' },
  { pattern: /\bhow (\w+ ){0,4}(implements?|uses?|performs?|computes?|process(es)?|solves?|represents?|stores?|emerges?)\b|\bwhy\b|\bwhat (makes|causes)\b|\bunderstand(ing)? (how|why|the mechanisms?)\b/, means: 'asks how or why a model works' },
  { pattern: /\brole of\b|\bemerg(e|es|ed|ence|ing)\b|\bimplement(s|ed|ing)?\b/, means: 'a claim about what components do' },
];

/**
 * A text that sets out to explain how a model works ("we study how language models solve these problems", "the hidden
 * mechanisms by which…", "its underlying mechanism"): interpretability research in the broad sense, even when it names no
 * internals. Stricter than MECHANISM_CLAIM_CUES, whose "why" and "implement" method papers use too.
 */
const EXPLAINS_MODEL_CUES: Cue[] = [
  {
    pattern:
      /\bmechanistic (understanding|account|explanation|analysis|interpretation|study|view)\b|\b(internal|inner|underlying|hidden|neural|computational) mechanisms?\b|\bmechanisms? (by which|through which|behind|underlying)\b|\bhow (\w+ ){0,3}(models?|llms?|lms|transformers?|networks?) (solve|perform|implement|represent|compute|process|learn|use|store|encode|carry out|handle|determine|decide|select|choose|resolve|interpret|recognize|track|retrieve|recall|integrate|combine|acquire|generalize|reason|arrive at|make use of|rely on|exploit|leverage)\b|\bhow (\w+ ){0,4}(operates?|works?|functions?) (in|inside|within) (\w+ ){0,2}(models?|llms?|lms|transformers?|networks?)\b|\bshed(s|ding)? (new )?light on (how|why) (\w+ ){0,3}(models?|llms?|lms|transformers?|networks?)\b|\bshed(s|ding)? (new )?light on the (inner|internal) (workings?|mechanisms?|representations?|structure)\b|\bwhere (this|the|its|their|such) (\w+ ){0,2}(capability|capabilities|ability|abilities|behaviou?rs?) comes? from\b/,
    means: 'sets out to explain how a model works',
  },
];

/** Observational methods: reading, decomposing or comparing internals without changing them. */
const OBSERVATIONAL_CUES: Cue[] = [
  { pattern: /\bprob(e|es|ing)\b|\bclassifiers?\b|\bdetect(s|ed|ing|ion|ors?)?\b|\bdecod(e|es|ed|ing)\b/, means: 'probes or detectors read information out' },
  { pattern: /\bsparse auto-?encoders?\b|\bsaes?\b|\bdictionar(y|ies)\b|\btranscoders?\b/, means: 'a dictionary decomposes activations' },
  { pattern: /\blens\b|\bvocabulary (space|projections?)\b|\bembedding spaces?\b/, means: 'lenses project hidden states into a readable space' },
  { pattern: /\bgeometr(y|ic|ical)\b|\blinear(ly)? (structure|represent\w*|decod\w*|separab\w*)\b|\bhyperplanes?\b|\bclusters?\b|\bclustering\b/, means: 'the geometry of representations' },
  { pattern: /\bsimilarit(y|ies)\b|\bcorrelat(e|es|ed|ing|ion|ions)\b|\bvisuali[sz](e|es|ed|ing|ation|ations)\b|\balignment study\b|\bconcept-based explanations?\b/, means: 'comparing or visualizing representations' },
];

/** What the "internal workings" cue says: generic wording that names no component. */
const INNER_WORKINGS = "the model's internal workings are internals";
/** Intermediate representations: the level the narrow technical sense talks about. */
const INTERNAL_CUES: Cue[] = [
  { pattern: /\b(attention[- ])?heads?\b/, means: 'attention heads are internal components' },
  { pattern: /\bneurons?\b/, means: 'neurons are internal units' },
  { pattern: /\bactivations?\b|\bhidden (state|states|units|layer|layers|representations?)\b/, means: 'activations are intermediate representations' },
  { pattern: /\bresid(ual)?[- ]?stream\b|\bresid\b/, means: 'the residual stream is the intermediate representation' },
  { pattern: /\bmlps?\b|\bfeed[- ]?forward (network )?(layer|block|sublayer|module)s?\b/, means: 'MLP layers are internal components' },
  { pattern: /\b(layers?|layer[- ]wise|intermediate layers?)\b/, means: 'layers are internal components', weak: true },
  { pattern: /\bweights?\b|\bparameters\b/, means: 'weights are internals', weak: true },
  // Weights named as where something lives, not as a training detail.
  { pattern: /\bweight space\b|\b(is|are) (encoded|stored|represented) in (the |their |its )?([\w-]+ ){0,2}(weights|parameters)\b/, means: 'what the weights encode is a question about internals' },
  { pattern: /\b(internal|intermediate) (representations?|states?|computations?)\b/, means: 'internal representations are internals' },
  { pattern: /\b(model(['’]s)? )?internal (workings|characteristics|mechanisms?)\b|\bmodel internals\b|\binner workings\b/, means: INNER_WORKINGS },
  { pattern: /\b(contextual(ized)?|latent) (representations?|states?|features?|computations?)\b|\brepresentations?\b/, means: 'representations are internals', weak: true },
  { pattern: /\bembeddings?\b|\bword vectors?\b/, means: 'embeddings are learned representations', weak: true },
  // "Probe" is also an everyday verb ("we probe whether LLMs can..."): only the method counts.
  {
    pattern:
      /\bprobes\b|\b(linear|nonlinear|non-linear|diagnostic|structural|truth|sparse|supervised|simple) prob(e|es|ing)\b|\b(through|via|using|with) probing\b|\bprobing (classifiers?|tasks?|experiments?|methods?|analys[ie]s|stud(y|ies)|results?|accuracy)\b|\bprob(e|es|ed|ing) (the |its |their |model )?([\w-]+ ){0,2}(representations?|activations?|hidden states?|layers?|embeddings?|neurons?|residual stream)\b|\btrain(s|ed|ing)? (a |linear )?probes?\b|\ba probe\b|\bdiagnostic classifiers?\b/,
    means: 'probes read information from hidden states',
  },
  { pattern: /\blogit lens\b|\btuned lens\b|\bunembed/, means: 'lens methods decode intermediate layers' },
  { pattern: /\bsparse auto-?encoders?\b|\bsaes?\b|\btranscoders?\b|\bdictionary learning\b/, means: 'sparse autoencoders decompose activations' },
  // Not complexity theory's circuits ("threshold circuits", "circuit complexity", "TC0 circuits").
  { pattern: /\b(?<!(threshold|boolean|uniform|arithmetic|tc0|ac0|nc1|tc\^0|ac\^0|nc\^1|size|depth|logic) )(sub-?)?circuits?\b(?! (complexity|classes|class|lower bounds?))|\bsub-?networks?\b/, means: 'circuits are sets of internal components' },
  { pattern: /\b(layer|neuron|head|component)[- ]?(importance|attributions?|contributions?)\b|\bimportance of (individual |each |different )?(layers|neurons|heads|components)\b/, means: 'attributing to internal components' },
  { pattern: /\battention (weights|patterns?|maps?|scores?)\b/, means: 'attention weights are internal quantities' },
  // A model taken apart into its parts ("we decompose Llama-2 into 1000+ components", "the model's components").
  {
    pattern: /\bdecompos(e|es|ed|ing) ([\w-]+ ){1,3}into (\S+ ){0,2}(components|sub-?networks|modules)\b|\b(model|network|transformer|llm)(['’]s)? (internal )?components\b|\binternal components\b/,
    means: 'a model taken apart into its components',
  },
  { pattern: /\binduction heads?\b|\bsuperposition\b|\bpolysemantic/, means: 'a claim about internal components' },
  // What a model, layer or subspace encodes, and where: the question every representation analysis asks.
  {
    pattern:
      /\b(information|knowledge|properties|features?|concepts?|the task)( [\w-]+){0,2} (is |are )?encoded (in|into|within|by)\b|\b(is|are) (encoded|represented|stored) (differently|similarly|separately|distinctly)\b|\b(layers?|subspaces?|directions?|dimensions?|neurons?|heads?|models?|lms|llms) (that |which )?(inherently |linearly )?encodes?\b|\bencodes? (strong |rich |linguistic |positional |syntactic |semantic |task-specific )?(information|knowledge) (about|of|on)\b/,
    means: 'what the model encodes where is a question about its representations',
  },
  {
    pattern:
      /\b(which|the) layers? (in which|where|that matter)\b|\blayers? (may be |are |that are )?(important|critical|responsible) (to|for)\b|\b(lower|higher|upper|early|earlier|later|middle|deeper|top|bottom) layers( of [\w-]+)? (\w+ ){0,2}(capture|encode|learn|represent|store|contain|process)/,
    means: 'which layers do what is a finding about internals',
  },
  { pattern: /\b(lm|llm|model|network|bert|gpt|transformer|neural)['’]?s? representations\b|\brepresentations (of|in|inside|within) (the |pre-?trained |large |neural )*(language models?|lms|llms|networks?|transformers?)\b/, means: "a model's representations are its internals" },
];

/** Input–output only: behavioural testing describes no internals. */
const BEHAVIORAL_CUES: Cue[] = [
  { pattern: /\bbehavio(u)?ral (test|testing|evaluation|analysis)\b|\bchecklist\b/, means: 'behavioural testing looks only at inputs and outputs' },
  { pattern: /\b(input[- ]output|black[- ]box) (pairs|behaviou?r|testing|evaluation|access)\b|\bonly (the )?(inputs?|outputs?)\b/, means: 'black-box access only' },
  { pattern: /\bprompt(s|ing)? (the model|variations|engineering|sensitivity)\b|\bchallenge sets?\b|\bminimal pairs?\b/, means: 'behavioural prompts or test sets' },
];

/** Attribution explains outputs by input features or by training examples rather than internal components. */
const TRAINING_DATA_ATTRIBUTION = 'training-data attribution (which training examples a prediction comes from)';
const ATTRIBUTION_CUES: Cue[] = [
  { pattern: /\bsaliency( maps?)?\b|\bintegrated gradients?\b|\binput[- ]?(x|×|times)[- ]?gradient\b|\bgradient ?(x|×)? ?input\b|\bvanilla gradients?\b|\bgradient[- ]based (attributions?|saliency|explanations?|methods?)\b|\bintegrated jacobians?\b|\bfeature attribution\b|\blime\b|\bshap\b/, means: 'input attribution (saliency)' },
  // Which training examples a prediction comes from: influence functions, TracIn, training-data attribution.
  {
    pattern:
      /\binfluence functions?\b|\btracin\b|\b(training[- ])?data attribution\b|\b(most )?influential (pre-?training|fine-?tuning|training) (examples|samples|data|datasets?|documents|sequences|instances)\b|\bmost influential for (the |its |their )?(test )?predictions?\b|\btrac(e|es|ed|ing) (the )?influence of (a |the |each |individual )?(pre-?training |fine-?tuning |training )(examples?|samples?|data|datasets?|documents?)\b|\b(training|pre-?training) (examples|samples|sequences|documents|instances) (\w+ ){0,2}contribut/,
    means: TRAINING_DATA_ATTRIBUTION,
  },
];

/** What a text is faithful to when faithfulness is a retrieval or summarization quality: "faithful to the retrieved context". */
const TO_A_SOURCE = String.raw`to (the |its |their )?(retrieved |given |provided |external )?(source|input|document|context|passage|evidence|knowledge)s?\b`;

/** Interpretability vocabulary in general: anything here makes the question interpretability research. */
const INTERPRETABILITY_CUES: Cue[] = [
  { pattern: /\binterpretab(le|ility)\b|\bexplainab(le|ility)\b|\bexplain(s|ed|ing)? (how|why|what) (the )?(model|network|lm|llm|transformer)/, means: 'interpretability research' },
  { pattern: /\bexplanations?\b/, means: 'explanations (a common word outside interpretability too)', weak: true },
  // A model explaining its own predictions (self-rationalization), or explanations judged by whether they justify the
  // decision: explanations of the model, not explanations used as extra training data or prompts.
  {
    pattern:
      /\b(generat(e|es|ed|ing)|produc(e|es|ed|ing)|output(s|ting)?|provid(e|es|ed|ing)) (\w+ ){0,3}explanations?( \([^)]{1,12}\))? (for|of) (their|its|the model'?s?|the) (own )?(predictions?|decisions?|outputs?|answers?|labels?)\b|\bjointly (generat(e|es|ed|ing)|produc(e|es|ed|ing)|predict(s|ing)?) (\w+ ){0,2}(predictions?|labels?|answers?) and (\w+ ){0,3}(explanations?|nles?|rationales?)\b|\bexplanations? (\w+ ){0,2}(do(es)? not|fail to|that|which) (adequately |fully |actually )?justif(y|ies)\b|\bjustif(y|ies|ying) (the |its |their )?(model'?s? )?(classification |predicted )?(decisions?|predictions?|labels?)\b|\bself[- ]rationali[sz]|\bself[- ]explanations?\b|\bself[- ]explain(ing)?\b|\brationali[sz](e|ed|es|ing) (\w+ ){0,2}(predictions?|models?|classifiers?|transformers?)\b/,
    means: 'a model explaining its own predictions',
  },
  // "Mechanistic (architecture) design" builds architectures from synthetic capability tests: an engineering term.
  { pattern: /\bmech(anistic)?[- ]?interp\b|\bmechanistic\b(?! (architecture )?design)/, means: 'asks about mechanistic interpretability' },
  { pattern: /\banaly(s|z)(e|es|is|ing) (of )?(the )?(model|network|lm|llm|bert|gpt|transformer)s?\b|\bblackboxnlp\b|\bwhat (the )?(model|network) (has )?learn|\b(implicitly|internally|latently) (learn|learns|learned|encode|encodes|encoded|represent|represents|represented|store|stores|track|tracks)\b|\b(do|does|can|whether) ([\w-]+ ){0,3}(models?|llms?|lms|networks?|transformers?) (implicitly |internally |really |actually )?(learn|encode|represent)\b/, means: 'analysis of what a model learned' },
  {
    pattern:
      /\banaly(s|z)(e|es|is|ing) (of )?(the )?(neural|internal|intermediate|learned|hidden|contextual|model|network)( network)? representations\b|\banaly(s|z)(e|es|is|ing) ([\w()-]+ ){1,3}(in|of|within) (the |pre-?trained |large )*(language models?|lms|llms|neural networks?)\b|\bmodel interpretation\b|\binterpretation methods?\b|\binterpret(ing)? (the |these |such |advanced |modern |large |frontier |neural |language )*((ai|ml|machine learning|deep learning) )?(models?|networks?|lms|llms|(ai|ml) systems)\b/,
    means: 'analysing or interpreting what a model computes',
  },
  // Faithfulness to the context or the source (a retrieval or summarization quality) is not an explanation's faithfulness.
  {
    pattern: new RegExp(String.raw`(?<!\b(contextual|context|factual|source|retrieval) )\b(faithful|faithfulness)\b(?! ${TO_A_SOURCE})|\b(plausib(le|ility)|rationales?)\b`),
    means: 'explanation evaluation vocabulary',
    weak: true,
  },
  { pattern: /\b(internal|inner) workings\b/, means: "looks at a model's inner workings" },
  // Finding which parts of a model a behaviour depends on ("identify critical regions … vital for safety guardrails").
  {
    pattern:
      /\b(identif(y|ies|ied|ying)|locat(e|es|ed|ing)|locali[sz](e|es|ed|ing)|isolat(e|es|ed|ing)|pinpoint(s|ed|ing)?)\b (\w+ ){0,3}(regions?|neurons?|components?|heads?|parameters?|weights?|units?|subnetworks?|circuits?)\b( \w+){0,4} (vital|critical|responsible|crucial|essential) (for|to)\b/,
    means: 'locates the components a behaviour depends on',
  },
];

/**
 * Positive evidence that a text is about something other than interpretability: a new method, model,
 * benchmark or dataset judged by how well it performs. Next to only weak interpretability evidence
 * (one generic word), it makes the verdict "not interpretability".
 */
const OTHER_TOPIC_CUES: Cue[] = [
  { pattern: new RegExp(String.raw`${NOT_BEATEN}\boutperform(s|ed|ing)?\b|${NOT_BEATEN}\bsurpass(es|ed|ing)?\b|\bstate[- ]of[- ]the[- ]art\b|\bsota\b|\bbaselines?\b`), means: 'judged by beating baselines' },
  { pattern: /\bsubquadratic\b|\bstate[- ]space models?\b|\blinear (transformers?|attention)\b|\b(new|novel|hybrid|efficient) (model )?architectures?\b/, means: 'a model-architecture topic' },
  { pattern: /\b(we|this paper|this work) (also |then |therefore |further |first )?(propose|introduce|present)s? (a |an )?([\w-]+ ){0,4}(method|framework|approach|architecture|dataset|benchmark|pipeline|algorithm|technique|strategy|model)\b/, means: 'proposes a new method, model or dataset' },
  // "Faithful" to a source text (a summary, a generation) is factual consistency, not an explanation faithful to the model.
  { pattern: new RegExp(String.raw`\bsummari[sz](ation|ers?)\b|\bfactual (consistency|inconsistenc(y|ies))\b|\bfaithful(ness)? ${TO_A_SOURCE}`), means: 'a summarization or factual-consistency topic' },
  { pattern: /\b(fine-?tuning|pre-?training|low-rank adaptation|lora|decoding|prompt (compression|design|engineering)|latency|speed-?up|efficien(t|cy)|cost reduction|data(set)? (creation|construction|collection))\b/, means: 'a training, efficiency, prompting or data topic' },
];

/**
 * An engineering paper: it proposes a method (or dataset, framework…) and judges it by performance. With no word of
 * analysing, explaining or understanding a model, it is about the method, even when the method works on neurons,
 * heads or activations (pruning heads, steering for safety, probing classifiers as a tagger).
 */
const PROPOSES_METHOD: Cue[] = [
  { pattern: /\b(and|then) (then )?(propose|introduce|present|develop)s? (a |an )([\w,()'’-]+ ){0,8}(method|framework|approach|pipeline|algorithm|technique|strateg(y|ies)|defen[cs]e|predictor|system)\b/, means: 'proposes a method' },
  { pattern: /\b(we|this paper|this work) (also |then |therefore |further |first )?(propose|introduce|present|develop)s? ([\w,()'’-]+ ){0,8}(method|framework|approach|architecture|dataset|benchmark|pipeline|algorithm|technique|strateg(y|ies)|model|defen[cs]e|predictor|system)\b/, means: 'proposes a method' },
  // A named new thing: "we introduce Diff Transformer, which amplifies…", "we design Text Fluoroscopy, a black-box method".
  { pattern: /\b(we|this paper|this work) (also |then |first )?(propose|introduce|present|design)s? ([\w-]+ ){0,2}[\w-]+ ?(,|\() ?(a|an|which|that)\b/, means: 'proposes a method' },
  // "This novel approach, denoted as RAHF, proves to be effective".
  { pattern: /\b(this|our|the proposed) (novel|new|proposed) (method|framework|approach|pipeline|algorithm|technique|strategy)(,)? (denoted|named|called|dubbed|termed)\b/, means: 'proposes a method' },
];
const PERFORMANCE_CUES: Cue[] = [
  { pattern: new RegExp(String.raw`${NOT_BEATEN}\boutperform|\bstate[- ]of[- ]the[- ]art\b|\bsota\b|${NOT_BEATEN}\bsurpass|\bimprov(e|es|ed|ing) (the )?(performance|accuracy|results)\b|\beffectiveness of (our|the proposed)\b|\bachiev(e|es|ed|ing) (better|superior|competitive|significant)\b|\bspeed-?ups?\b|\befficien(t|cy)\b`), means: 'judged by performance' },
  // "Shown the effectiveness of ALLO", "significantly improves the generalization capabilities", "speeding up inference".
  {
    pattern:
      /\b(show|shows|shown|showed|demonstrat(e|es|ed|ing)|verif(y|ies|ied)|validat(e|es|ed)|confirm(s|ed)?) (the )?(effectiveness|efficacy|superiority)\b|\bsignificantly (improv|enhanc|boost|outperform)|\bimprov(e|es|ed|ing) (the )?(\w+ ){0,2}(generali[sz]ation|capabilit(y|ies)|robustness|quality|success rates?)\b|\bspeed(s|ing)? up\b|\baccelerat(e|es|ed|ing) (the )?(\w+ ){0,2}(inference|training|decoding|generation)\b/,
    means: 'judged by performance',
  },
  {
    pattern:
      /\b(effectiveness|efficacy|superiority) of (our|the proposed)\b|\bdemonstrate (\w+ )?superiority\b|\b(simple yet|highly|very|remarkably) effective\b|\b(strong|advanced|competitive|existing|various|several|\w+ strong) baselines\b|\battack success rates?\b|\b(enhance|boost)s? (the )?(\w+ ){0,2}performance\b|\b(reduc(e|es|ed|ing)|sav(e|es|ing)) (\w+ ){0,3}(computation|latency|memory|cost)\b|\b(withstand|resist)s?\b|\brobust(ness)? (to|against) (\w+ ){0,2}attacks\b|\breductions? in the (rate|number) of\b|\b(average |absolute |relative )?improvements? (in|of) (\w+ ){0,2}(performance|accuracy)\b|\bcompared (to|with) (the |strong |existing |several )?baselines\b|\blossless\b|\bretain(s|ed|ing)? (over |about |up to )?(\d+(\.\d+)?% of )?(the |its |their )?([\w-]+ ){0,2}performance\b/,
    means: 'judged by performance',
  },
];
/** Words of finding or investigating that any paper uses ("we show", "we investigate", "reveals"), its method's results included. */
const GENERIC_FINDING = 'says it found or investigated something';
const UNDERSTANDING_CUES: Cue[] = [
  // Setting out to explain how a model works is the plainest word of analysis.
  ...EXPLAINS_MODEL_CUES,
  // A method's own "mechanism" (a routing or defence mechanism) and a model's "deeper understanding" (a skill) are not analysis.
  {
    pattern:
      /\bunderstand(s|ing)? (how|why|what|where|which|when|whether|its|their|these|this|the (inner|internal|mechanis|role|behaviou?r|computation|representation)|of (how|why|what|the))|\b(to|better|further|fully) understand\b|\btowards? (an? )?understanding\b|\bunderstanding (of )?(the )?(inner|internal|mechanis)|\bmechanistic|\bmechanisms? (of|behind|underlying|by which|through which|that (drive|underlie|explain)|inside|within|in (the )?(model|llm|network|transformer)s?)\b/,
    means: 'analyses or explains a model',
  },
  // Finding where something lives inside the model is analysis, even in a method paper ("locates truthful directions",
  // "models encode factual associations within their parameters").
  {
    pattern:
      /\b(encode|encodes|store|stores|(is|are) (encoded|stored|represented)) ([\w-]+ ){0,3}(in|within|into) (their|its|the|a) ([\w-]+ ){0,2}(parameters|weights|weight space|layers?|neurons|mlps?|activations|hidden states)\b/,
    means: 'says where something lives inside a model',
  },
  {
    pattern: /\b(locat|localiz|localis)(e|es|ed|ing) (the |its |their )?(\w+ ){0,2}(directions?|neurons?|heads?|features?|circuits?|layers?|knowledge|facts?|subspaces?)\b/,
    means: 'locates something inside a model',
  },
  // "Analyses" of a model, its parts or its behaviour; not "experiments and analyses on GLUE".
  {
    pattern: /\banaly[sz]\w* (of |on |how |what |why |where |whether )?(the |its |their |a |an |these |this )?([\w-]+ ){0,2}(models?|llms?|lms|networks?|transformers?|representations?|embeddings?|neurons?|heads?|layers?|attention|behaviou?rs?|mechanisms?|internals?|activations?|weights?|features?|circuits?|hidden states?)\b|\b(causal mediation|mediation|circuit|probing|attribution|neuron|representational similarity) analys[ie]s\b/,
    means: 'analyses a model',
  },
  // A finding about what components compute ("we find that the remaining heads track syntax"), even in a method paper.
  {
    pattern:
      /\bwe (find|show|observe|discover|reveal|uncover) that (the |a |some |many |few |these |its |their |certain |specific )?([\w-]+ ){0,2}(heads?|neurons?|layers?|features?|directions?|units?|dimensions?) (track|encode|represent|capture|store|detect|compute|implement|respond to|specialize in)\b/,
    means: 'finds what components compute',
  },
  { pattern: /\binterpret|\binsights? into\b|\bexplain|\bwhy\b|\binvestigat|\bstudy how\b|\bwe (find|show|reveal|observe|discover|uncover)\b|\breveal/, means: GENERIC_FINDING },
];

/** Vocabulary typical of the MI community's forums and papers: suggestive of culture, never decisive. */
const MI_CULTURE_CUES: Cue[] = [
  { pattern: /\bresid(ual)?[- ]?stream\b/, means: '"residual stream"' },
  { pattern: /\bmech(anistic)?[- ]?interp(retability)?\b/, means: '"mech interp"' },
  { pattern: /\bsuperposition\b|\bmonosemantic/, means: '"superposition"/"monosemanticity"' },
  { pattern: /\bsae (latents?|features?)\b|\bsparse auto-?encoders?\b|\bsaes\b/, means: 'SAEs' },
  { pattern: /\binduction heads?\b|\bname movers?\b|\bioi\b/, means: 'induction heads / IOI vocabulary' },
  { pattern: /\b(ov|qk) circuits?\b|\bcircuits? (discovery|analysis)\b/, means: 'circuits vocabulary' },
  { pattern: /\blesswrong\b|\balignment forum\b|\bmats\b|\banthropic\b|\bredwood\b|\btransformerlens\b/, means: 'MI venues and tools' },
  { pattern: /\bcausal scrubbing\b|\bacdc\b|\bactivation (patching|addition)\b|\blogit lens\b/, means: 'MI method names' },
];

/** Vocabulary typical of ACL interpretability work. */
const NLPI_CULTURE_CUES: Cue[] = [
  { pattern: /\bdiagnostic classifiers?\b|\bprobing (classifier|task)s?\b|\bedge probing\b/, means: '"probing classifiers"' },
  { pattern: /\bcausal mediation analysis\b/, means: '"causal mediation analysis"' },
  { pattern: /\b(subject[- ]verb )?agreement\b|\bsyntactic (structure|knowledge|dependenc)|\blinguistic (knowledge|structure|properties)\b/, means: 'linguistic analysis' },
  { pattern: /\bacl\b|\bemnlp\b|\bnaacl\b|\btacl\b|\bblackboxnlp\b/, means: 'ACL venues' },
];

/** Language-model vocabulary: a question about models that is not about interpretability is still on topic for nothing here. */
const MODEL_CUES: Cue[] = [{ pattern: /\b(model|network|lm|llm|transformer|bert|gpt|neural)s?\b/, means: 'about neural models' }];

export interface Hit {
  phrase: string;
  means: string;
  weak?: true;
}

/**
 * A cue right after one of these words is denied, not claimed: "without modifying the parameters", "requires neither
 * access to the LLM's activations".
 */
const NEGATED_BEFORE =
  /\b(?:without|not|no|never|nor|neither|rather than|instead of|avoid(?:s|ing)?)\s+(?:(?:requiring\s+|needing\s+)?(?:any\s+)?access\s+to\s+(?:the\s+|its\s+|their\s+|an?\s+)?(?:\S+\s+){0,1}|(?:\S+\s+){0,1})$/i;

function hits(text: string, cues: readonly Cue[], skipFutureWork = false): Hit[] {
  const out: Hit[] = [];
  for (const cue of cues) {
    const all = new RegExp(cue.pattern.source, cue.pattern.flags.includes('g') ? cue.pattern.flags : `${cue.pattern.flags}g`);
    for (const m of text.matchAll(all)) {
      if (NEGATED_BEFORE.test(text.slice(Math.max(0, m.index - 40), m.index))) continue;
      if (skipFutureWork && FUTURE_WORK.test(sentenceAround(text, m.index))) continue;
      out.push({ phrase: m[0], means: cue.means, ...(cue.weak ? { weak: true as const } : {}) });
      break;
    }
  }
  return out;
}

/** The sentence (or line) of `text` around position `at`. */
function sentenceAround(text: string, at: number): string {
  const before = text.slice(0, at);
  const start = Math.max(before.search(/[^.!?\n]*$/), 0);
  const rest = text.slice(at).search(/[.!?](\s|$)|\n/);
  return text.slice(start, rest < 0 ? text.length : at + rest);
}

function quote(h: Hit): string {
  return `"${h.phrase}" (${h.means})`;
}

const round = (x: number) => Math.round(x * 100) / 100;

export interface DefinitionInput {
  /** The question, plus the resolved paper's title, abstract and venue when there is one. */
  text: string;
  /** `byAlias` false: found without a specific alias (see ScoredId.byAlias in answer.ts), weak evidence of interpretability. */
  concepts: readonly { concept: Concept; score: number; byAlias?: boolean }[];
  /** Links in the question whose host is a publication channel. */
  channels: readonly ChannelLink[];
  /** The paper the question resolved to, if any. */
  paper: { title: string; community: Community; communityEvidence: readonly string[]; venue: string } | null;
  /**
   * For a paper read from a source (not in the corpus): the narrow cultural verdict from its facts
   * (`fetchedCulture`, src/core/fetched-culture.ts), or null when its facts say nothing.
   */
  fetchedCulture?: DefinitionVerdict | null;
  /**
   * What the corpus knows of the authors read from the question's own header lines (an author line), when it gave
   * any and no rule could place them (`unplacedAuthors`, src/core/fetched-culture.ts).
   */
  pastedAuthors?: string;
  /** textCues(text), when the caller found them already (used only when made from this very text). */
  cues?: TextCues;
  /** What a model trained on hand-labelled abstracts reads in the text, when it read it (a pasted abstract). */
  reading?: InterpretabilityReading;
}

/**
 * A learned model's reading of a pasted abstract: the probability that it is interpretability research, and the bar
 * that probability must reach to count as evidence (higher for a text that shows another topic, such as a new method).
 */
export interface InterpretabilityReading {
  probability: number;
  bar: number;
}

/** The reading counts: the model is confident enough, for this text, that it is interpretability research. */
export const readsAsInterpretability = (r: InterpretabilityReading | undefined): boolean => r !== undefined && r.probability >= r.bar;

/**
 * What the words of a text show, before any concept is known: the cue phrases classifyDefinitions weighs. An answer
 * finds them while the question is still being embedded (answer.ts), so the verdicts do not wait for them.
 */
export interface TextCues {
  /** The text they were found in. */
  text: string;
  causal: Hit[];
  causalClaims: Hit[];
  mechanismClaims: Hit[];
  explainsModel: Hit[];
  observational: Hit[];
  internal: Hit[];
  behavioral: Hit[];
  attribution: Hit[];
  interp: Hit[];
  miCulture: Hit[];
  nlpiCulture: Hit[];
  aboutModels: boolean;
  otherTopic: Hit[];
  proposesMethod: Hit[];
  performance: Hit[];
  understanding: Hit[];
}

/**
 * The words of the text show interpretability work by themselves: two signals among interpretability
 * words that are not generic, named internal components or methods, input attribution and
 * interventions; or one of them in a text that shows no other topic (a new method beating baselines,
 * efficiency, training). One generic word ("layers", "explanation", "representations") never counts,
 * nor does an ablation study, which method papers run too. Setting out to explain how a model works ("the mechanism
 * behind", "how language models solve") shows it too: the broad cultural verdict counts it the same way.
 */
export function showsInterpretability(cues: TextCues): boolean {
  if (cues.explainsModel.length > 0) return true;
  const strong = (h: Hit) => !h.weak;
  const signals =
    cues.interp.filter(strong).length +
    cues.internal.filter(strong).length +
    cues.attribution.length +
    cues.causal.filter((h) => !/^ablat/.test(h.phrase)).length;
  return signals >= 2 || (signals === 1 && cues.otherTopic.length === 0);
}

/**
 * The text calls itself interpretability work in so many words (a strong interpretability word, an attribution
 * method, or an account of how the model works), perhaps next to another topic. Weaker than showsInterpretability:
 * it lets the recognizer offer its closest guess, which the answer follows only when the verdict agrees.
 */
export function namesInterpretability(cues: TextCues): boolean {
  return cues.explainsModel.length > 0 || cues.attribution.length > 0 || cues.interp.some((h) => !h.weak);
}

export function textCues(text: string): TextCues {
  const lower = text.toLowerCase();
  return {
    text,
    causal: hits(lower, CAUSAL_CUES, true),
    causalClaims: hits(lower, CAUSAL_CLAIM_CUES),
    mechanismClaims: hits(lower, MECHANISM_CLAIM_CUES),
    explainsModel: hits(lower, EXPLAINS_MODEL_CUES),
    observational: hits(lower, OBSERVATIONAL_CUES),
    internal: hits(lower, INTERNAL_CUES),
    behavioral: hits(lower, BEHAVIORAL_CUES),
    attribution: hits(lower, ATTRIBUTION_CUES),
    interp: hits(lower, INTERPRETABILITY_CUES),
    miCulture: hits(lower, MI_CULTURE_CUES),
    nlpiCulture: hits(lower, NLPI_CULTURE_CUES),
    aboutModels: hits(lower, MODEL_CUES).length > 0,
    otherTopic: hits(lower, OTHER_TOPIC_CUES),
    proposesMethod: hits(lower, PROPOSES_METHOD),
    performance: hits(lower, PERFORMANCE_CUES),
    understanding: hits(lower, UNDERSTANDING_CUES),
  };
}

/**
 * Concepts a text's own method cues name, interventions first (patching, steering, erasure, ablation, another
 * intervention), then observational methods (SAEs, lenses, probing). Only a hint for the user: measured as a fallback
 * for precedents (docs/eval.md, ninth round) it helped only the splits it was chosen on.
 */
const CUE_CONCEPTS: readonly (readonly [RegExp, string])[] = [
  [/patch/, 'activation-patching'],
  // Before steering: "removal of the direction" erases, it does not steer.
  [/eras|inlp|leace|remov(e|es|ing|al)( of)? (the )?(direction|subspace|information)|whose removal/, 'concept-erasure'],
  [/steer|actadd|activation addition|vectors?|directions?/, 'steering-vectors'],
  [/ablat|knock|zero|prun|mask|drop|eliminat|disabl|deactivat|suppress|silenc/, 'ablation'],
];
const OBSERVATION_CONCEPTS: readonly (readonly [RegExp, string])[] = [
  [/sparse auto|\bsaes?\b|transcoder|dictionary/, 'sparse-autoencoders'],
  [/logit lens|tuned lens|unembed/, 'logit-lens'],
  [/prob(e|es|ing)\b|diagnostic classifier/, 'probing'],
];
export function cueConcepts(cues: TextCues): string[] {
  const out = new Set<string>();
  for (const h of cues.causal) out.add(CUE_CONCEPTS.find(([re]) => re.test(h.phrase))?.[1] ?? 'representation-interventions');
  for (const h of cues.internal) {
    const hit = OBSERVATION_CONCEPTS.find(([re]) => re.test(h.phrase));
    if (hit) out.add(hit[1]);
  }
  return [...out];
}

export function classifyDefinitions(input: DefinitionInput): Definitions {
  const cues = input.cues?.text === input.text ? input.cues : textCues(input.text);
  const { causal, causalClaims, behavioral, attribution, interp, miCulture, nlpiCulture, aboutModels, otherTopic } = cues;
  const allInternal = cues.internal;
  const strongConcepts = input.concepts.filter((c) => c.score >= 0.5);
  // The learned model's reading is positive evidence that the text is interpretability research, as its own words would be.
  const learned = readsAsInterpretability(input.reading) ? input.reading : undefined;
  const interpretabilityContext = interp.length > 0 || strongConcepts.length > 0 || input.paper !== null || learned !== undefined;
  const strongInternal = allInternal.filter((h) => !h.weak);
  // An intervention that names its target ("modify subsets of weights") is itself evidence that internals are studied,
  // unless the text is about another topic ("fine-tuning modifies the weights").
  const actsOnInternals = otherTopic.length === 0 ? causal.filter((h) => INTERVENTION_TARGET.test(h.phrase)) : [];
  const causalOnInternals = actsOnInternals.length > 0;
  // "Layers" or "weights" alone describe any model; they signal a study of internals only in context. An act on a
  // component the text names in no other internal word ("we cap a dictionary latent") is itself the evidence.
  // Input or training-data attribution that names no specific internal component: its generic words ("weights",
  // "representations", "inner workings") describe the model it explains, not what the work studies.
  const specificInternal = allInternal.filter((h) => !h.weak && h.means !== INNER_WORKINGS);
  const attributionOnly = attribution.length > 0 && specificInternal.length === 0;
  const internal =
    !attributionOnly && (strongInternal.length > 0 || interpretabilityContext || causalOnInternals) ? (allInternal.length > 0 ? allInternal : actsOnInternals) : [];
  const causalConcepts = strongConcepts.filter((c) => c.concept.bearsOn.causal);
  // A concept also studied from behaviour, data or theory alone (memorization, chain-of-thought faithfulness, formal
  // languages…) says nothing of internals by itself: it counts only where the text names internals or an act on them.
  const namesInternals = allInternal.length > 0 || causalOnInternals || causal.some((h) => !UNTARGETED_CAUSAL.has(h.means));
  const internalConcepts = attributionOnly ? [] : strongConcepts.filter((c) => c.concept.bearsOn.internals && (namesInternals || !c.concept.bearsOn.alsoBehavioural));

  // Broad technical: internals are studied.
  const broadTechnical = ((): DefinitionVerdict => {
    const evidence = [
      ...internal.slice(0, 4).map((h) => `${quote(h)} → studies model internals`),
      ...internalConcepts.slice(0, 2).map((c) => `concept "${c.concept.name}" works on activations or weights`),
    ];
    if (evidence.length > 0) {
      const strength = internal.length + internalConcepts.length;
      return { applies: true, confidence: round(Math.min(0.95, 0.6 + 0.1 * strength)), evidence };
    }
    if (behavioral.length > 0 || attribution.length > 0) {
      return {
        applies: false,
        confidence: 0.7,
        evidence: [...behavioral, ...attribution].map((h) => `${quote(h)} → explains behaviour from ${h.means === TRAINING_DATA_ATTRIBUTION ? 'the training data' : 'inputs and outputs'}, not internals`),
      };
    }
    // Words for internals in a text that gives them no context ("the models' representations", "a 12-layer model") are
    // named as read, never denied: the reader can see which words were weighed and why they were not enough.
    if (allInternal.length > 0) {
      const named = [...new Set(allInternal.map((h) => `"${h.phrase}"`))].slice(0, 3).join(', ');
      return {
        applies: false,
        confidence: 0.5,
        evidence: [`the text mentions ${named}, but nothing else says the model's internals are studied (no interpretability wording, method or concept): read as describing the model, not analysing it`],
      };
    }
    return { applies: false, confidence: 0.5, evidence: ['no mention of activations, weights, neurons, heads, layers or representations'] };
  })();

  // Narrow technical: a causal claim at the level of intermediate representations.
  const narrowTechnical = ((): DefinitionVerdict => {
    const causalEvidence = causal.slice(0, 3).map((h) => `${quote(h)} → causal intervention`);
    // A concept that is often studied with interventions is support, never proof: the text must say one was made.
    const conceptSupport = causalConcepts.slice(0, 2).map((c) => `concept "${c.concept.name}" is usually tested with interventions`);
    if (causalEvidence.length > 0 && broadTechnical.applies) {
      const strength = causal.length + causalConcepts.length;
      return {
        applies: true,
        confidence: round(Math.min(0.95, 0.55 + 0.1 * strength + (internal.length > 0 ? 0.1 : 0))),
        evidence: [...causalEvidence, ...conceptSupport, 'the intervention targets intermediate representations (see broad technical)'],
      };
    }
    // A claim the text does not say how it tested: a causal role for components, or how the model works with no
    // method named at all (an observational method would make it descriptive, "no").
    const untested =
      causalClaims.length > 0
        ? [
            ...causalClaims.slice(0, 2).map((h) => `${quote(h)}: the text claims a causal role for internal components`),
            'but it does not say whether they were intervened on (patched, ablated, zeroed, steered)',
          ]
        : cues.mechanismClaims.length > 0 && cues.observational.length === 0 && attribution.length === 0
          ? [
              `${quote(cues.mechanismClaims[0]!)}: the text makes a claim about how the model works`,
              'but names neither an intervention (patching, ablation, steering…) nor an observational method (probes, lenses, dictionaries)',
            ]
          : [];
    if (broadTechnical.applies && untested.length > 0) {
      return { applies: null, confidence: 0.5, evidence: [...untested.slice(0, -1), `${untested.at(-1)!}: say how the claim was tested`] };
    }
    if (broadTechnical.applies) {
      const concepts = causalConcepts.map((c) => c.concept.name);
      return {
        applies: false,
        confidence: concepts.length > 0 ? 0.55 : 0.65,
        evidence: [
          'studies internals but names no intervention (patching, ablation, steering…): a correlational or descriptive claim, not a causal one',
          ...cues.observational.slice(0, 2).map((h) => `${quote(h)} → reads the internals without changing them`),
          ...(concepts.length > 0 ? [`work on ${concepts.join(', ')} often adds interventions; say so if this one does`] : []),
        ],
      };
    }
    if (causalEvidence.length > 0) {
      return { applies: false, confidence: 0.6, evidence: [...causalEvidence, 'but the intervention is not on intermediate representations'] };
    }
    return { applies: false, confidence: broadTechnical.confidence, evidence: ['no causal claim about internal mechanisms'] };
  })();

  // Narrow cultural: who wrote it and where it appeared. Vocabulary alone is only a hint.
  const narrowCultural = ((): DefinitionVerdict => {
    const hint = miCulture.length > 0 ? [`uses MI-community vocabulary: ${miCulture.map((h) => h.means).join(', ')} (a hint, not proof of authorship)`] : [];
    const nlpiHint = nlpiCulture.length > 0 ? [`uses ACL-interpretability vocabulary: ${nlpiCulture.map((h) => h.means).join(', ')}`] : [];
    if (input.paper) {
      const label = input.paper.community;
      const lines = [`the paper "${input.paper.title}" is labelled ${label} in the corpus: ${input.paper.communityEvidence.join('; ')}`];
      if (label === 'MI') return { applies: true, confidence: 0.85, evidence: lines };
      return { applies: false, confidence: 0.8, evidence: lines };
    }
    if (input.fetchedCulture) return { ...input.fetchedCulture, evidence: [...input.fetchedCulture.evidence, ...hint] };
    const miChannel = input.channels.filter((c) => MI_CHANNEL_KINDS.has(c.channel));
    if (miChannel.length > 0) {
      return {
        applies: true,
        confidence: 0.8,
        evidence: [...miChannel.map((c) => `published on ${c.label}, ${MI_CHANNEL}`), ...hint],
      };
    }
    const acl = input.channels.filter((c) => c.channel === 'acl-anthology');
    if (acl.length > 0) {
      return {
        applies: false,
        confidence: 0.65,
        evidence: [`published in ${acl[0]!.label}, the venue of the NLP-interpretability community`, ...hint],
      };
    }
    const unknownAuthors = input.pastedAuthors;
    return {
      applies: null,
      confidence: 0.5,
      evidence: [
        unknownAuthors ?? 'depends on who wrote the work and where it appeared, which the question does not say: paste the authors, venue or a link',
        ...hint,
        ...nlpiHint,
      ],
    };
  })();

  // Broad cultural: any interpretability research.
  const broadCultural = ((): DefinitionVerdict => {
    const evidence = [
      ...interp.slice(0, 2).map((h) => `${quote(h)}`),
      ...strongConcepts.slice(0, 3).map((c) => `recognized interpretability concept "${c.concept.name}"`),
    ];
    if (broadTechnical.applies && aboutModels) evidence.push('studies the internals of a neural model');
    // Intervening on internals to see what they do is model analysis, whatever the text calls itself.
    if (narrowTechnical.applies === true) evidence.push('intervenes on the internals to find what produces the behaviour (a causal analysis)');
    if (attribution.length > 0) evidence.push(...attribution.map((h) => `${quote(h)} is an interpretability method`));
    if (behavioral.length > 0 && aboutModels) evidence.push(...behavioral.map((h) => `${quote(h)}: behavioural analysis of a model is interpretability in the broad sense`));
    if (cues.explainsModel.length > 0 && aboutModels) evidence.push(`${quote(cues.explainsModel[0]!)}: explaining how a model works is interpretability in the broad sense`);
    if (input.paper && input.paper.community !== 'other') evidence.push(`the paper is ${input.paper.community} interpretability work`);
    if (learned) evidence.push(`a model trained on hand-labelled abstracts reads it as interpretability research (probability ${learned.probability.toFixed(2)})`);
    if (evidence.length > 0) {
      return { applies: true, confidence: round(Math.min(0.97, 0.6 + 0.08 * evidence.length)), evidence };
    }
    return {
      applies: false,
      confidence: aboutModels ? 0.75 : 0.85,
      evidence: [aboutModels ? 'about neural models, but not about explaining or analysing how they work' : 'not about interpretability or model analysis'],
    };
  })();

  // "Not interpretability" needs positive evidence (another topic, an engineering method) and a text of unknown origin:
  // a known paper, a channel or MI vocabulary keeps the verdict. Who wrote it says where it comes from, not what it is
  // about: only an origin in the MI community (which makes it interpretability research, see enforceConsistency) counts.
  const unplaced = input.paper === null && input.fetchedCulture?.applies !== true && input.channels.length === 0 && miCulture.length === 0;
  const notInterpretability = (line: string, confidence: number): Definitions => {
    const no = (): DefinitionVerdict => ({ applies: false, confidence, evidence: [line] });
    return { narrowTechnical: no(), broadTechnical: no(), narrowCultural: no(), broadCultural: no() };
  };
  const weakOnly =
    unplaced &&
    learned === undefined &&
    // No strong interpretability word, attribution method (saliency, influence functions) or account of how the model works.
    !namesInterpretability(cues) &&
    causal.length === 0 &&
    input.concepts.every((c) => c.score < WEAK_CONCEPT_SCORE || c.byAlias === false) &&
    // Activations or heads named with no interpretability word and no concept are an engineering detail ("cache activations").
    (strongInternal.length === 0 || (interp.length === 0 && input.concepts.length === 0));
  if (otherTopic.length > 0 && weakOnly && (broadCultural.applies === true || broadTechnical.applies === true)) {
    const against = [...interp, ...strongInternal].map((h) => `"${h.phrase}"`);
    return notInterpretability(
      `about another topic (${otherTopic.map((h) => `"${h.phrase}": ${h.means}`).join('; ')}); the only interpretability evidence is ${against.length > 0 ? against.join(', ') : 'a faint concept match'}, too generic on its own`,
      0.7,
    );
  }

  // Knowledge editing as a task (editing benchmarks, editing by prompting or fine-tuning, editing across languages): the
  // facts are updated and the edits judged by their outcomes. A pasted abstract that names no component it locates or
  // edits, no editing method that locates what it edits, and no account of how the model works, and that the learned
  // model does not read as interpretability, is about the task, not an analysis of the model.
  const lower = cues.text.toLowerCase();
  const editingTask = EDITING_TASK.exec(lower);
  if (
    editingTask &&
    unplaced &&
    input.reading !== undefined &&
    learned === undefined &&
    !LOCATED_EDITING.test(lower) &&
    causal.every((h) => h.means === EDITS_FACTS || h.means === EDITS_INTERNALS) &&
    strongInternal.length === 0 &&
    cues.explainsModel.length === 0 &&
    (broadCultural.applies === true || broadTechnical.applies === true)
  ) {
    return notInterpretability(
      `knowledge editing as a task ("${editingTask[0]}"): the facts are updated and the edits judged by their outcomes; the text names no component it locates or edits (neurons, MLPs, heads, activations) and does not say how the model works`,
      0.6,
    );
  }

  // An engineering method on internals: proposed, judged by performance, and never said to analyse or explain a model.
  // A new attribution method (saliency, influence functions) is an explanation method, whatever it is judged by.
  const engineering = unplaced && learned === undefined && interp.length === 0 && !namesInterpretability(cues) && cues.proposesMethod.length > 0 && cues.performance.length > 0 && cues.understanding.length === 0;
  if (engineering && (broadCultural.applies === true || broadTechnical.applies === true)) {
    return notInterpretability(
      `an engineering method ("${cues.proposesMethod[0]!.phrase}") judged by performance ("${cues.performance[0]!.phrase}"), and the text never says it analyses or explains how a model works`,
      0.65,
    );
  }

  // An efficiency method (pruning, quantization, KV-cache compression, sparsity): proposed, judged by performance, with
  // no strong interpretability word, attribution method or account of how the model works, and not read as
  // interpretability by the learned model. It acts on heads, neurons or activations to make the model cheaper, not to
  // find out what they do: its generic findings on the way ("we show", "we investigate") serve the method, while an
  // analysis of the model (what components compute, where something is stored) keeps it interpretability research.
  // Its authors do not make it interpretability research; a known paper or an MI channel keeps the verdict.
  const efficiency = EFFICIENCY_TOPIC.exec(lower);
  // Published on a channel of the MI community: in the question's links, or as a fetched paper's facts (the evidence
  // line fetched-culture.ts writes for it names MI_CHANNEL).
  const onMiChannel =
    input.channels.some((c) => MI_CHANNEL_KINDS.has(c.channel)) ||
    (input.fetchedCulture?.applies === true && input.fetchedCulture.evidence.some((e) => e.includes(MI_CHANNEL)));
  if (
    efficiency &&
    (input.paper === null || input.paper.community === 'other') &&
    !onMiChannel &&
    learned === undefined &&
    cues.proposesMethod.length > 0 &&
    cues.performance.length > 0 &&
    !interp.some((h) => !h.weak) &&
    attribution.length === 0 &&
    cues.explainsModel.length === 0 &&
    cues.understanding.every((h) => h.means === GENERIC_FINDING) &&
    (broadCultural.applies === true || broadTechnical.applies === true || narrowCultural.applies === true)
  ) {
    return notInterpretability(
      `an efficiency method ("${cues.proposesMethod[0]!.phrase}", "${efficiency[0]}") judged by performance ("${cues.performance[0]!.phrase}"): it works on the model's components to make it cheaper, and the text never says it analyses or explains how the model works`,
      0.65,
    );
  }
  return enforceConsistency({ narrowTechnical, broadTechnical, narrowCultural, broadCultural });
}


/** A recognized concept below this score is weak evidence of interpretability on its own. */
const WEAK_CONCEPT_SCORE = 0.7;

/**
 * The senses nest: narrow technical ⇒ broad technical; broad technical or narrow cultural ⇒ broad cultural;
 * if broad cultural does not apply, nothing does.
 */
export function enforceConsistency(d: Definitions): Definitions {
  const out: Definitions = {
    narrowTechnical: { ...d.narrowTechnical, evidence: [...d.narrowTechnical.evidence] },
    broadTechnical: { ...d.broadTechnical, evidence: [...d.broadTechnical.evidence] },
    narrowCultural: { ...d.narrowCultural, evidence: [...d.narrowCultural.evidence] },
    broadCultural: { ...d.broadCultural, evidence: [...d.broadCultural.evidence] },
  };
  if (out.narrowTechnical.applies === true && out.broadTechnical.applies !== true) {
    out.broadTechnical = { applies: true, confidence: out.narrowTechnical.confidence, evidence: [...out.broadTechnical.evidence, 'a causal claim about internals is also a study of internals'] };
  }
  if ((out.broadTechnical.applies === true || out.narrowCultural.applies === true) && out.broadCultural.applies !== true) {
    out.broadCultural = {
      applies: true,
      confidence: Math.max(out.broadTechnical.confidence, out.narrowCultural.confidence),
      evidence: [...out.broadCultural.evidence.filter((e) => !e.startsWith('not about') && !e.startsWith('about neural')), 'studying internals (or coming from the MI community) makes it interpretability research'],
    };
  }
  if (out.broadCultural.applies === false) {
    for (const key of ['narrowTechnical', 'broadTechnical', 'narrowCultural'] as const) {
      if (out[key].applies !== false) {
        out[key] = { applies: false, confidence: out.broadCultural.confidence, evidence: ['not interpretability research, so no narrower sense applies'] };
      }
    }
  }
  return out;
}
