import { llmStack } from '../llm-stack';

// The seed's failure: the image's tokenizer is not the checkpoint's, and the OpenAI key Secret was never created.
llmStack({ tokenizerSha: '9e7f02d', withOpenAiSecret: false, withProbe: false });
