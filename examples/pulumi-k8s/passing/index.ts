import { llmStack } from '../llm-stack';

llmStack({ tokenizerSha: 'ad4c1b9', withOpenAiSecret: true, withProbe: true });
