/**
 * The LLM settings from the configuration: on when OPENAI_API_KEY or OPENAI_BASE_URL is set.
 */
import type { Config } from '../config.ts';

/** The model asked when only OPENAI_API_KEY is set (OpenAI's API). */
export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';

export interface LlmSettings {
  apiKey?: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  maxTokens: number;
  temperature: number;
}

type LlmConfig = Pick<
  Config,
  'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'MECHANISTIC_LLM_MODEL' | 'MECHANISTIC_LLM_TIMEOUT_MS' | 'MECHANISTIC_LLM_MAX_TOKENS' | 'MECHANISTIC_LLM_TEMPERATURE'
>;

/** The settings, or null when no LLM is configured. */
export function llmSettingsFromConfig(config: LlmConfig): LlmSettings | null {
  if (!config.OPENAI_API_KEY && !config.OPENAI_BASE_URL) return null;
  return {
    ...(config.OPENAI_API_KEY ? { apiKey: config.OPENAI_API_KEY } : {}),
    ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
    model: config.MECHANISTIC_LLM_MODEL ?? DEFAULT_OPENAI_MODEL,
    timeoutMs: config.MECHANISTIC_LLM_TIMEOUT_MS,
    maxTokens: config.MECHANISTIC_LLM_MAX_TOKENS,
    temperature: config.MECHANISTIC_LLM_TEMPERATURE,
  };
}
