// Example app: an Express API that calls OpenAI, Anthropic and Gemini through their official SDKs, plus a TTS
// provider it reports by hand and a background queue. Start it with costtrace loaded first:
//   OTEL_SERVICE_NAME=docs-assistant node --import @costtrace/sdk/register examples/app.js
// Provider base URLs come from the SDKs' usual env vars (OPENAI_BASE_URL, ANTHROPIC_BASE_URL) or GEMINI_BASE_URL.
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { costtraceExpress, recordUsage, shutdown, stampMessage, track, withMessage } from '@costtrace/sdk';
import express from 'express';
import OpenAI from 'openai';

const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY ?? 'sk-demo' });
const anthropic = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY ?? 'sk-ant-demo' });
const gemini = new GoogleGenAI({
  apiKey: process.env.GEMINI_API_KEY ?? 'demo',
  httpOptions: process.env.GEMINI_BASE_URL ? { baseUrl: process.env.GEMINI_BASE_URL } : undefined,
});

// A stand-in for a real queue (SQS, Cloudflare Queues, BullMQ): the producer stamps attribution on the body.
const queue = [];
setInterval(() => {
  const message = queue.shift();
  if (message) void withMessage(message, () => summarizeForDigest(message.docId)).catch(() => undefined);
}, 50).unref();

async function summarizeForDigest(docId) {
  await anthropic.messages.create({
    model: 'claude-haiku-4-5-20251001',
    max_tokens: 256,
    messages: [{ role: 'user', content: `Digest doc ${docId}` }],
  });
}

const app = express();
// One scope per request: the feature is the route, the user and org come from the app's own auth headers.
app.use(costtraceExpress({ resolveUser: (req) => ({ userId: req.header('x-user-id'), orgId: req.header('x-org-id') }) }));
app.use(express.json());

app.post('/api/chat', async (req, res) => {
  if (req.body.stream) {
    const stream = await openai.chat.completions.create({
      model: 'gpt-5-mini',
      stream: true,
      messages: [{ role: 'user', content: req.body.message }],
    });
    for await (const chunk of stream) res.write(chunk.choices[0]?.delta?.content ?? '');
    return res.end();
  }
  const reply = await openai.chat.completions.create({ model: 'gpt-5-mini', messages: [{ role: 'user', content: req.body.message }] });
  res.json({ reply: reply.choices[0]?.message.content });
});

app.post('/api/docs/:id/summary', async (req, res) => {
  // An explicit feature name wins over the route.
  const summary = await track('summarize', { docId: req.params.id }, () =>
    anthropic.messages.create({ model: 'claude-haiku-4-5-20251001', max_tokens: 512, messages: [{ role: 'user', content: 'Summarize' }] }),
  );
  queue.push(stampMessage({ docId: req.params.id }, { feature: 'nightly-digest' }));
  res.json({ summary: summary.content[0]?.text });
});

app.post('/api/research', async (req, res) => {
  const result = await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: req.body.question ?? 'Why is the sky blue?' });
  res.json({ answer: result.text });
});

app.post('/api/speak', async (req, res) => {
  const text = String(req.body.text ?? '');
  // A provider costtrace doesn't call for you (or a cost you already know): report it by hand.
  recordUsage({ provider: 'elevenlabs', model: 'eleven_multilingual_v2', units: { characters: text.length } });
  res.json({ characters: text.length });
});

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`example app on http://127.0.0.1:${server.address().port}`);
});

process.on('SIGTERM', () => {
  server.close();
  // Flush captured spans before exiting.
  void shutdown().then(() => process.exit(0));
});
