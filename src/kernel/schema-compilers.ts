// Route schemas compiled on first use instead of when the app starts (decision 0047). Fastify
// compiles every route's validator (ajv) and response serializer (fast-json-stringify) at ready:
// about 0.8 of the 1.0–1.5 CPU s that buildApp costs, which every integration test file paid
// although it calls a few of the routes. These factories wrap Fastify's own (the same packages,
// resolved from Fastify's directory, with the same options), so a route's validator and serializer
// are the ones it would have had; only when they are compiled changes. A schema that cannot compile
// then fails its first request (500) instead of the start: `serve` keeps compiling at start
// (buildApp's default), so the tests that start `xinyong serve` and `npm start` still compile them all.
// One difference Fastify makes for any custom compiler: header schemas are passed as written, not
// with their keys lower-cased (the platform's routes have none).
import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type RouteSchema = { schema: unknown; method?: string; url?: string; httpPart?: string; httpStatus?: string; contentType?: string };
type Validator = ((data: unknown, ctx?: unknown) => unknown) & { errors?: unknown; schemaEnv?: unknown };
type Serializer = (data: unknown) => string;
type Factory<F> = (externalSchemas: unknown, options: unknown) => (route: RouteSchema) => F;

const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

export function compileOnFirstUse(): CompilersFactory {
  return compilers() as unknown as CompilersFactory; // Fastify's types know ajv's functions, not a wrapper's
}

function compilers(): { buildValidator: Factory<Validator>; buildSerializer: Factory<Serializer> } {
  const validators = (fromFastify('@fastify/ajv-compiler') as () => Factory<Validator>)();
  const serializers = (fromFastify('@fastify/fast-json-stringify-compiler') as () => Factory<Serializer>)();
  return {
    buildValidator(externalSchemas, options) {
      const compile = validators(externalSchemas, options);
      return (route) => {
        let fn: Validator | undefined;
        const compiled = () => (fn ??= compile(route));
        const v: Validator = (data, ctx) => (ctx === undefined ? compiled()(data) : compiled()(data, ctx));
        // Fastify reads these of the function it was given: ajv's errors after a failed validation,
        // and schemaEnv to hand ajv the parent of the value (so coercion can replace it)
        Object.defineProperty(v, 'errors', { get: () => compiled().errors });
        Object.defineProperty(v, 'schemaEnv', { get: () => compiled().schemaEnv });
        return v;
      };
    },
    buildSerializer(externalSchemas, options) {
      const compile = serializers(externalSchemas, options);
      return (route) => {
        let fn: Serializer | undefined;
        return (data) => (fn ??= compile(route))(data);
      };
    },
  };
}
