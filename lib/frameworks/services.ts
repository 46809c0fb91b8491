import type { CallSpec, FrameworkModel } from '../models/types';

/**
 * Slow work that is not the database: HTTP clients, network SDKs, sleeps, child processes and
 * message-queue publishes. `no-idle-in-transaction` reports waiting for any of these while a
 * transaction is open. Tracked by import like the libraries (`const stripe = new Stripe(key)` in
 * one place, `await stripe.charges.create()` in another), never by names alone. Queue publishes of
 * the job frameworks live in jobs.ts, `http.request` in http.ts.
 */

const HTTP = 'an HTTP request';
const http: CallSpec = { slow: HTTP };
const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'fetch'];
const verbs = (spec: CallSpec): Record<string, CallSpec> => Object.fromEntries(HTTP_VERBS.map((verb) => [verb, spec]));

/** An SDK client whose every resource method is an API call: `stripe.customers.create()`, `openai.chat.completions.create()`. */
function sdk(id: string, name: string, modules: readonly string[], what: string, entry: 'construct' | 'call' | 'both' = 'construct'): FrameworkModel {
  const make = { returns: 'Client' };
  return {
    id,
    name,
    modules: modules.map((module) => ({ name: module, exports: 'Module' })),
    shapes: {
      Module: {
        ...(entry !== 'call' ? { construct: make } : {}),
        ...(entry !== 'construct' ? { call: make } : {}),
        anyProp: 'Module',
      },
      Client: { anyProp: 'Resource', anyMethod: { slow: what } },
      Resource: { anyProp: 'Resource', anyMethod: { slow: what }, call: { returns: 'Resource' } },
    },
  };
}

export const fetchLibraries: FrameworkModel = {
  id: 'fetch',
  name: 'fetch',
  modules: [
    { name: 'node-fetch', exports: 'Fetch' },
    { name: 'cross-fetch', exports: 'Fetch' },
    { name: 'isomorphic-unfetch', exports: 'Fetch' },
    { name: 'undici', exports: 'Undici' },
  ],
  shapes: {
    Fetch: { call: http, props: { default: 'Fetch', fetch: 'Fetch' } },
    Undici: {
      props: { fetch: 'Fetch', request: 'Fetch', stream: 'Fetch', Client: 'UndiciClass', Pool: 'UndiciClass', Agent: 'UndiciClass' },
    },
    UndiciClass: { construct: { returns: 'UndiciClient' } },
    UndiciClient: { methods: { request: http, stream: http, pipeline: http } },
  },
};

/** axios, got, ky, superagent: the default export is callable and has a method per HTTP verb, plus instances. */
export const httpClients: FrameworkModel = {
  id: 'http-clients',
  name: 'HTTP clients',
  modules: [
    { name: 'axios', exports: 'Client' },
    { name: 'got', exports: 'Client' },
    { name: 'ky', exports: 'Client' },
    { name: 'superagent', exports: 'Client' },
    { name: 'needle', exports: 'Client' },
    { name: 'ofetch', exports: 'Ofetch' },
  ],
  shapes: {
    Client: {
      call: http,
      props: { default: 'Client', axios: 'Client', got: 'Client', ky: 'Client' },
      methods: {
        ...verbs(http),
        create: { returns: 'Client' },
        extend: { returns: 'Client' },
        stream: http,
        paginate: http,
      },
    },
    Ofetch: { props: { ofetch: 'Client', $fetch: 'Client', default: 'Client' } },
  },
  // An instance a class is handed (`private readonly http: AxiosInstance`).
  types: { AxiosInstance: 'Client', AxiosStatic: 'Client', Got: 'Client', KyInstance: 'Client' },
};

/**
 * @nestjs/axios: the `HttpService` a NestJS provider is injected with. Its verbs return an
 * Observable, which `firstValueFrom()` / `lastValueFrom()` (or `.toPromise()`) turn into the awaited
 * request; `axiosRef` is the axios instance itself.
 */
export const nestAxios: FrameworkModel = {
  id: 'nestjs-axios',
  name: '@nestjs/axios',
  modules: [{ name: '@nestjs/axios', exports: 'Module' }],
  shapes: {
    Module: { props: { HttpService: 'HttpServiceClass' } },
    HttpServiceClass: { construct: { returns: 'HttpService' } },
    HttpService: { props: { axiosRef: 'Axios' }, methods: verbs(http) },
    Axios: { call: http, methods: verbs(http) },
  },
  types: { HttpService: 'HttpService' },
};

export const sleeps: FrameworkModel = {
  id: 'sleeps',
  name: 'timers',
  modules: [
    { name: 'timers/promises', exports: 'Timers' },
    { name: 'node:timers/promises', exports: 'Timers' },
    { name: 'delay', exports: 'Sleep' },
    { name: 'sleep-promise', exports: 'Sleep' },
    { name: 'await-sleep', exports: 'Sleep' },
    { name: 'timers-ext/promise/sleep', exports: 'Sleep' },
  ],
  shapes: {
    Timers: { props: { setTimeout: 'Sleep', default: 'Timers', scheduler: 'Scheduler' } },
    Scheduler: { methods: { wait: { slow: 'a sleep' } } },
    Sleep: { call: { slow: 'a sleep' }, props: { default: 'Sleep' } },
  },
};

export const processes: FrameworkModel = {
  id: 'processes',
  name: 'child processes',
  modules: [
    { name: 'execa', exports: 'Execa' },
    { name: 'zx', exports: 'Execa' },
  ],
  shapes: {
    Execa: {
      props: { default: 'Run', execa: 'Run', execaCommand: 'Run', execaNode: 'Run', $: 'Run' },
    },
    Run: { call: { slow: 'a child process' }, tag: { slow: 'a child process' } },
  },
};

/** AWS SDK v3 clients (`client.send(command)`, aggregated `new S3().putObject()`) and v2 (`.promise()`). */
export const awsSdk: FrameworkModel = {
  id: 'aws-sdk',
  name: 'AWS SDK',
  modules: [
    { pattern: /^@aws-sdk\/(?:client|lib)-[\w-]+$/, exports: 'V3Module' },
    { name: 'aws-sdk', exports: 'V2Module' },
  ],
  shapes: {
    V3Module: { anyProp: 'V3Class' },
    V3Class: { construct: { returns: 'V3Client' }, methods: { from: { returns: 'V3Client' } } },
    V3Client: { methods: { send: { slow: 'an AWS API call' }, destroy: {} }, anyMethod: { slow: 'an AWS API call' } },
    V2Module: { anyProp: 'V2Class', props: { default: 'V2Module' } },
    V2Class: { construct: { returns: 'V2Client' } },
    V2Client: { anyMethod: { returns: 'V2Request' } },
    V2Request: { methods: { promise: { slow: 'an AWS API call' } } },
  },
};

export const email: FrameworkModel = {
  id: 'email',
  name: 'email',
  modules: [
    { name: 'nodemailer', exports: 'Nodemailer' },
    { name: '@sendgrid/mail', exports: 'SendGrid' },
  ],
  shapes: {
    Nodemailer: { props: { createTransport: 'CreateTransport', default: 'Nodemailer' } },
    CreateTransport: { call: { returns: 'Transporter' } },
    Transporter: { methods: { sendMail: { slow: 'sending an email' }, verify: { slow: 'an SMTP connection check' } } },
    SendGrid: {
      props: { default: 'SendGrid' },
      methods: { send: { slow: 'sending an email (SendGrid)' }, sendMultiple: { slow: 'sending an email (SendGrid)' } },
    },
  },
};

export const pubsub: FrameworkModel = {
  id: 'pubsub',
  name: 'Google Cloud Pub/Sub',
  modules: [{ name: '@google-cloud/pubsub', exports: 'Module' }],
  shapes: {
    Module: { props: { PubSub: 'PubSubClass' } },
    PubSubClass: { construct: { returns: 'PubSub' } },
    PubSub: { methods: { topic: { returns: 'Topic' } } },
    Topic: {
      methods: {
        publish: { slow: 'a Pub/Sub publish' },
        publishMessage: { slow: 'a Pub/Sub publish' },
        publishJSON: { slow: 'a Pub/Sub publish' },
      },
    },
  },
};

/**
 * Azure Service Bus: `new ServiceBusClient(connection)`, `client.createSender(queue)` (no network
 * yet), then `sender.sendMessages(…)` / `scheduleMessages(…)`, each a round trip to the broker.
 */
export const azureServiceBus: FrameworkModel = {
  id: 'azure-service-bus',
  name: 'Azure Service Bus',
  modules: [{ name: '@azure/service-bus', exports: 'Module' }],
  shapes: {
    Module: { props: { ServiceBusClient: 'ClientClass' } },
    ClientClass: { construct: { returns: 'Client' } },
    Client: { methods: { createSender: { returns: 'Sender' } } },
    Sender: {
      methods: {
        sendMessages: { slow: 'a Service Bus send' },
        scheduleMessages: { slow: 'a Service Bus send' },
        cancelScheduledMessages: { slow: 'a Service Bus call' },
      },
    },
  },
};

/**
 * Discord's REST client (`@discordjs/rest`): `new REST({ version: '10' }).setToken(token)`, then
 * `rest.get(route)`, `rest.post(route, { body })`, … — each an HTTP request to Discord's API.
 */
export const discordRest: FrameworkModel = {
  id: 'discord-rest',
  name: 'Discord REST',
  modules: [{ name: '@discordjs/rest', exports: 'Module' }],
  shapes: {
    Module: { props: { REST: 'RestClass' } },
    RestClass: { construct: { returns: 'Rest' } },
    Rest: {
      methods: {
        setToken: { returns: 'Rest' },
        ...Object.fromEntries(['get', 'post', 'put', 'patch', 'delete', 'request', 'raw'].map((verb) => [verb, { slow: 'a Discord API call' }])),
      },
    },
  },
};

/**
 * The AI SDK (`ai`): its generating functions call a model provider over HTTP and resolve when the
 * whole answer is in, seconds later. Not `streamText` / `streamObject`, which return at once.
 */
const AI_SDK_CALLS = [
  'generateText',
  'generateObject',
  'embed',
  'embedMany',
  'generateImage',
  'experimental_generateImage',
  'generateSpeech',
  'experimental_generateSpeech',
  'transcribe',
  'experimental_transcribe',
];

export const aiSdk: FrameworkModel = {
  id: 'ai-sdk',
  name: 'AI SDK',
  modules: [{ name: 'ai', exports: 'Module' }],
  shapes: {
    Module: { props: Object.fromEntries(AI_SDK_CALLS.map((name) => [name, 'Generate'])) },
    Generate: { call: { slow: 'an AI model call' } },
  },
};

/**
 * The Supabase client (`@supabase/supabase-js` `createClient()`, `@supabase/ssr`
 * `createServerClient()` / `createBrowserClient()`): every query it sends is an HTTP request to the
 * project's API (PostgREST, Storage, Auth, Edge Functions), on another connection than the
 * transaction's. `supabase.from('orders').update(…).eq(…)` is waited for through the builder's
 * methods; `storage.from(bucket)` only names the bucket, and `getPublicUrl()` builds a URL.
 */
const SUPABASE = 'a Supabase API call (HTTP)';
export const supabase: FrameworkModel = {
  id: 'supabase',
  name: 'Supabase',
  modules: [
    { name: '@supabase/supabase-js', exports: 'Module' },
    { name: '@supabase/ssr', exports: 'Module' },
  ],
  shapes: {
    Module: { props: { createClient: 'Create', createServerClient: 'Create', createBrowserClient: 'Create', SupabaseClient: 'ClientClass' } },
    Create: { call: { returns: 'Client' } },
    ClientClass: { construct: { returns: 'Client' } },
    Client: {
      props: { storage: 'Storage', auth: 'Api', functions: 'Api' },
      methods: {
        from: { slow: SUPABASE },
        rpc: { slow: SUPABASE },
        schema: { returns: 'Client' },
      },
    },
    Storage: { methods: { from: { returns: 'Bucket' } }, anyMethod: { slow: SUPABASE } },
    Bucket: { methods: { getPublicUrl: {} }, anyMethod: { slow: SUPABASE } },
    Api: { anyProp: 'Api', methods: { onAuthStateChange: {} }, anyMethod: { slow: SUPABASE } },
  },
};

export const SERVICES: readonly FrameworkModel[] = [
  fetchLibraries,
  httpClients,
  nestAxios,
  sleeps,
  processes,
  awsSdk,
  email,
  pubsub,
  azureServiceBus,
  discordRest,
  supabase,
  // Upstash QStash: `new Client({ token }).publishJSON(…)`, an HTTP request to its API.
  sdk('qstash', 'QStash', ['@upstash/qstash'], 'a QStash publish'),
  sdk('stripe', 'Stripe', ['stripe'], 'a Stripe API call', 'both'),
  sdk('openai', 'OpenAI', ['openai'], 'an OpenAI API call'),
  sdk('anthropic', 'Anthropic', ['@anthropic-ai/sdk'], 'an Anthropic API call'),
  sdk('google-genai', 'Google Gen AI', ['@google/genai'], 'a Gemini API call'),
  sdk('groq', 'Groq', ['groq-sdk'], 'a Groq API call'),
  sdk('mistral', 'Mistral', ['@mistralai/mistralai'], 'a Mistral API call'),
  sdk('cohere', 'Cohere', ['cohere-ai'], 'a Cohere API call'),
  sdk('replicate', 'Replicate', ['replicate'], 'a Replicate API call'),
  aiSdk,
  sdk('octokit', 'Octokit', ['@octokit/rest', '@octokit/core', 'octokit'], 'a GitHub API call'),
  sdk('elasticsearch', 'Elasticsearch', ['@elastic/elasticsearch'], 'an Elasticsearch request'),
  sdk('twilio', 'Twilio', ['twilio'], 'a Twilio API call', 'both'),
  sdk('slack', 'Slack', ['@slack/web-api'], 'a Slack API call'),
  sdk('resend', 'Resend', ['resend'], 'sending an email (Resend)'),
  sdk('postmark', 'Postmark', ['postmark'], 'sending an email (Postmark)'),
];

/** Globals that wait for slow work, when not shadowed by a binding of the file. */
export const GLOBAL_SLOW: Readonly<Record<string, string>> = { fetch: HTTP };

/** Callback-style functions whose promisified form (`promisify(exec)`) waits for slow work. */
export const PROMISIFIABLE: ReadonlyArray<{ readonly modules: readonly string[]; readonly names: readonly string[]; readonly what: string }> = [
  { modules: ['child_process', 'node:child_process'], names: ['exec', 'execFile', 'spawn'], what: 'a child process' },
  { modules: ['timers', 'node:timers'], names: ['setTimeout'], what: 'a sleep' },
  { modules: ['dns', 'node:dns'], names: ['lookup', 'resolve'], what: 'a DNS lookup' },
];
