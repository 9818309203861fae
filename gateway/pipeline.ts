import { GraphQLError, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError } from "graphql";
import type { Actor } from "../common/actor.js";
import { isClientError } from "../common/errors.js";
import { actorFields, type Logger } from "../common/logger.js";
import { operationLabel, type Metrics } from "../common/metrics.js";
import { traceIdOf } from "../common/tracing.js";
import { Refused, type Admission, type Admitted, type Arrival, type OperationRequest } from "./admission.js";
import type { GatewayContext } from "./dataSource.js";
import type { IncrementalResult } from "./graph.js";
import type { FederatedSubscriptions } from "./subscriptions.js";
import { isVerbatim } from "./unchangedAnswers.js";

/** What a transport sends back for one operation: one answer with its HTTP status, or a stream of them. */
export type Outcome =
  | { status: number; result: FormattedExecutionResult }
  | { status: 200; stream: AsyncIterable<FormattedExecutionResult> };

/**
 * Admission, execution and the answer's form for every transport: errors coded and masked the
 * same way, one log line and one metric per operation, client mistakes at info and failures of
 * the graph at error with their stack.
 */
export class Pipeline {
  private readonly operationNames = new Set<string>();
  /**
   * The operation lines, built of ids, codes and the operation's name only: the redaction, a
   * safety net for lines with free fields, finds nothing in them and cost 2 % of the CPU per request.
   */
  private readonly operationLog: Logger;

  constructor(
    private readonly admission: Admission,
    private readonly subscriptions: FederatedSubscriptions,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    /** The graph's URL as clients reach it, when a proxy stands before it (`PUBLIC_URL`). */
    readonly publicUrl?: string,
    private readonly development = process.env.NODE_ENV === "development",
  ) {
    this.operationLog = logger.child({}, { redact: { paths: [] } });
  }

  /** Who calls, counted for `operations` operations; throws Refused (logged) when the caller may not. */
  async caller(arrival: Arrival, operations = 1, verified?: Actor): Promise<GatewayContext> {
    const started = performance.now();
    try {
      return await this.admission.caller(arrival, operations, verified);
    } catch (error) {
      if (error instanceof Refused) this.report(started, arrival, undefined, undefined, error.errors);
      throw error;
    }
  }

  /** Admits one operation; refused, it is logged and its coded answer returned instead. */
  admit(request: OperationRequest, context: GatewayContext, arrival: Arrival): Admitted | Refused {
    const started = performance.now();
    try {
      return this.admission.operation(request, context, arrival);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      const name = typeof request.operationName === "string" ? request.operationName : undefined;
      this.report(started, context, context.actor, name, error.errors);
      return error;
    }
  }

  /** Runs an admitted operation: a query or mutation answers once, a subscription streams. */
  execute(admitted: Admitted): Promise<FormattedExecutionResult> | AsyncIterable<FormattedExecutionResult> {
    const { graph, document, operation, variables, context } = admitted;
    const name = operation.name?.value;
    const started = performance.now();
    if (operation.operation === "subscription") {
      this.report(started, context, context.actor, name, []);
      const format = (result: ExecutionResult) => this.format(result, context);
      return this.subscriptions.subscribe(graph, document, variables, name, context, format);
    }
    if (admitted.streams && graph.incremental(document, operation)) {
      this.report(started, context, context.actor, name, []);
      return this.parts(graph.executeIncremental(document, operation, variables, context), context);
    }
    return graph.execute(document, operation, variables, context).then(
      (result) => this.answer(started, name, result, context),
      (error: unknown) => this.answer(started, name, { errors: [error as GraphQLError] }, context),
    );
  }

  /** Admission and execution for transports that answer at once (HTTP) or stream by themselves (SSE). */
  async run(request: OperationRequest, context: GatewayContext, arrival: Arrival): Promise<Outcome> {
    const admitted = this.admit(request, context, arrival);
    if (admitted instanceof Refused) return this.refusal(admitted, context.requestId);
    const answer = this.execute(admitted);
    return Symbol.asyncIterator in answer ? { status: 200, stream: answer } : { status: 200, result: await answer };
  }

  /** The answer to a request a transport could not finish (a bug): logged with its stack, masked for the client. */
  failure(error: unknown, requestId: string): { status: number; result: FormattedExecutionResult } {
    this.logger.error({ requestId, err: error }, "request failed");
    return { status: 500, result: { errors: [this.formatError(new Error(String(error)), requestId)] } };
  }

  /** The answer of a refused request or operation. */
  refusal(refused: Refused, requestId: string): { status: number; result: FormattedExecutionResult } {
    return { status: refused.status, result: { errors: refused.errors.map((e) => this.formatError(e, requestId)) } };
  }

  private answer(
    started: number,
    name: string | undefined,
    result: ExecutionResult,
    context: GatewayContext,
  ): FormattedExecutionResult {
    this.report(started, context, context.actor, name, result.errors ?? []);
    return this.format(result, context);
  }

  /** The parts of an incremental answer, each formatted as one answer is (`hasNext` and `incremental` kept). */
  private async *parts(
    parts: AsyncIterable<IncrementalResult>,
    context: GatewayContext,
  ): AsyncGenerator<FormattedExecutionResult> {
    for await (const { hasNext, incremental, ...result } of parts) {
      const formatted = "data" in result ? this.format(result, context) : {};
      const items = incremental?.map(({ errors, ...item }) =>
        errors?.length ? { ...item, errors: errors.map((e) => this.formatError(e, context.requestId)) } : item,
      );
      yield { ...formatted, ...(items ? { incremental: items } : {}), hasNext } as FormattedExecutionResult;
    }
  }

  private format(result: ExecutionResult, context: GatewayContext): FormattedExecutionResult {
    // A verbatim answer stays itself: its data is parsed only if a door reads it.
    if (!result.errors?.length) return isVerbatim(result) ? result : { data: result.data };
    const errors = result.errors.map((error) => this.formatError(error, context.requestId));
    return "data" in result ? { data: result.data, errors } : { errors };
  }

  /**
   * An error the graph raised on purpose (it has a code) reaches the client as it is, without
   * transport details; anything else is masked to a code and the request id. In development
   * everything shows, with its stack.
   */
  private formatError(error: GraphQLError | Error, requestId: string): GraphQLFormattedError {
    const formatted: GraphQLFormattedError =
      error instanceof GraphQLError ? error.toJSON() : { message: (error as Error).message };
    const { http: _http, stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    const coded = typeof extensions.code === "string";
    if (!coded && !this.development) {
      const message = "Internal server error. Quote the request id when you report it.";
      return { message, extensions: { code: "INTERNAL_SERVER_ERROR", requestId } };
    }
    if (this.development && !isClientError(extensions.code)) extensions.stacktrace = error.stack?.split("\n");
    if (!coded || extensions.code === "INTERNAL_SERVER_ERROR") {
      Object.assign(extensions, { code: "INTERNAL_SERVER_ERROR", requestId });
    }
    return { ...formatted, extensions };
  }

  /**
   * One log line and one count per operation; every error that is not the caller's mistake is
   * logged again at error, with its stack, under the same request id.
   */
  private report(
    started: number,
    { requestId, trace }: Pick<Arrival, "requestId" | "trace">,
    actor: Actor | undefined,
    name: string | undefined,
    errors: readonly (GraphQLError | Error)[],
  ): void {
    const codes = errors.map((e) => (e as GraphQLError).extensions?.code ?? "INTERNAL_SERVER_ERROR");
    const seconds = (performance.now() - started) / 1000;
    const operation = operationLabel(this.operationNames, name);
    this.metrics.operations.inc({ operation, outcome: errors.length ? "error" : "ok" });
    this.metrics.operationDuration.observe({ operation }, seconds);
    const fields = { requestId, traceId: traceIdOf(trace), actor: actorFields(actor) };
    const line: Record<string, unknown> = { ...fields, operation: name ?? null, ms: Math.round(seconds * 10_000) / 10 };
    if (codes.length) line.errors = codes;
    this.operationLog.info(line, "operation");
    for (const error of errors) {
      if (isClientError((error as GraphQLError).extensions?.code)) continue;
      this.logger.error({ ...fields, err: (error as GraphQLError).originalError ?? error }, "request failed");
    }
  }
}
