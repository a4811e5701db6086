/**
 * Paper sources: arXiv, Semantic Scholar, Crossref, OpenReview and the ACL Anthology, read by id from what
 * the user pasted, cached, with an off-switch. Wiring: build `createSources(sourceSettingsFromConfig(config))`
 * once, then call `resolvePaperIdentifier(identifier, { sources, cache, corpus })` per question.
 */
export * from './types.ts';
export * from './ids.ts';
export * from './cache.ts';
export * from './settings.ts';
export * from './resolve.ts';
export { SourceHttp, parseRetryAfter, type SourceHttpOptions } from './http.ts';
export { ArxivSource, arxivListingQuery, ARXIV_CATEGORY, type ArxivListingPage } from './arxiv.ts';
export { SemanticScholarSource, s2PaperRef, s2ToSourcePaper } from './semantic-scholar.ts';
export { CrossrefSource, crossrefToSourcePaper } from './crossref.ts';
export { OpenReviewSource, openReviewToSourcePaper } from './openreview.ts';
export { AnthologySource, anthologyBibToSourcePaper } from './anthology.ts';
