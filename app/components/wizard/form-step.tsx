// A `form` step: all its forms stacked, each under its title, saved together. 【暂存】 checks types,
// 【下一步】 completeness and rules (the batch's eligibility rules on the server), both in the browser
// first; errors are shown in place under the right form. Read-only once the application is submitted.
//
// Nothing typed is lost (issue 14 §6): every button reads the input as it is now (a ref, never the
// closure of the last render); the wizard autosaves what is type-valid a moment after the last change
// and says when ("已自动保存 hh:mm", Beijing time); a 下一步 refused for a missing field still keeps what
// was typed; leaving with unsaved input asks first (leave-guard.tsx); and a failed request (even a 500)
// leaves the page and its input in place with a message, since both buttons post to the plain endpoint
// (app/features/admission/draft-endpoint.server.ts) rather than through a fetcher whose error would replace the page.
import { useEffect, useMemo, useRef, useState } from "react";
import Button from "antd/es/button/index.js";
import Typography from "antd/es/typography/index.js";
import { FIX_BEFORE, FormNotice, focusFirstError, useFormErrors } from "~/components/form/form-errors";
import type { Notice } from "~/components/form/form-errors";
import { SchemaForm } from "~/components/form/schema-form";
import type { SchemaFormDefinition } from "~/components/form/schema-form";
import { SubmissionView } from "~/components/form/submission-view";
import { commitTypedDates, hasTypedDates } from "~/components/form/widgets/date-widget";
import { usePost } from "~/components/use-post";
import { draftPath } from "~/utils/plain-paths";
import { validateDocument } from "~/engine/forms/validate";
import type { ValidationMode } from "~/engine/forms/validate";
import { useLeaveGuard } from "~/components/leave-guard";
import { StepNav } from "./step-nav";
import type { ApplyAnswer, StepViewProps } from "./types";

type Intent = "save" | "next";
/** What a request was sent for: a button's intent, or the quiet autosave (sent as 暂存). */
type Kind = Intent | "auto";
const MODE: Record<Intent, ValidationMode> = { save: "draft", next: "full" };
type Docs = Record<string, Record<string, unknown>>;

/** Milliseconds after the last change before the autosave (long enough not to post on every key). */
export const AUTOSAVE_DELAY_MS = 2500;

/** A document as comparable text: keys sorted, absent and undefined alike, so "changed?" is about content. */
const canonical = (doc: unknown) =>
  JSON.stringify(doc ?? {}, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v,
  );

const CLOCK = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
/** "09:07": the time of day in Beijing, whatever the browser's zone. */
export function shanghaiClock(ms: number): string {
  const p = Object.fromEntries(CLOCK.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.hour}:${p.minute}`;
}

// A quick answer shows no spinner at all: one started and stopped within a frame or two leaves antd's icon
// stuck half-way out of its motion (and in the button's accessible name).
const spinner = (on: boolean) => (on ? { delay: 200 } : false);

/**
 * The view of a `form` step (chosen through step-views.ts): editable while the application is, read-only
 * after. Saves go to POST /apply/:id/draft with `intent` save or next; a 下一步 the server takes moves to
 * the next step once the page's data is reloaded.
 */
export function FormStep({ step, steps, application, catalogs, prev, next, actions }: StepViewProps) {
  const definitions = useMemo(() => Object.fromEntries(step.forms.map((f) => [f.key, f as unknown as SchemaFormDefinition])), [step.forms]);
  const errors = useFormErrors(definitions);
  const [docs, setDocs] = useState<Docs>(() => Object.fromEntries(step.forms.map((f) => [f.key, f.data as Record<string, unknown>])));
  const [notice, setNotice] = useState<Notice>(null);
  const [autoSaved, setAutoSaved] = useState<string | null>(null);
  /** The button whose request is in flight or waiting for one (its spinner). */
  const [pending, setPending] = useState<Intent | null>(null);

  // The input as it is now (set by every change, read by every button and the autosave), and the content
  // last saved per form: "dirty" is their difference, read by the leave guard at the moment of leaving.
  const current = useRef(docs);
  const saved = useRef<Record<string, string>>(Object.fromEntries(step.forms.map((f) => [f.key, canonical(f.data)])));
  const dirty = useRef(false);
  const refreshDirty = () => {
    dirty.current = Object.entries(current.current).some(([k, d]) => canonical(d) !== saved.current[k]);
  };
  const inflight = useRef<{ kind: Kind; sent: Docs } | null>(null);
  const queued = useRef<Intent | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  /** After a 下一步 the server took: the page's data as it was then; move on once newer data is in. */
  const advance = useRef<StepViewProps["steps"] | null>(null);
  const leaveGuard = useLeaveGuard(() => dirty.current || hasTypedDates());

  /** The changed documents that pass 暂存's type check: what may be saved as a draft right now. */
  const savable = (): Docs =>
    Object.fromEntries(
      Object.entries(current.current).filter(
        ([k, d]) => canonical(d) !== saved.current[k] && definitions[k] && validateDocument(definitions[k], d, { mode: "draft" }).ok,
      ),
    );

  // 暂存 and 下一步 go to the plain endpoint (a quicker answer, and no error page on a 5xx).
  const plain = useMemo(() => ({ save: draftPath(application.id), next: draftPath(application.id) }), [application.id]);
  const post = usePost<ApplyAnswer, Intent>((answer) => {
    const request = inflight.current;
    inflight.current = null;
    if (!request) return;
    const { kind, sent } = request;
    // A refused 下一步 has still kept the type-valid documents as drafts on the server (saveFormStep).
    const kept = answer.ok ? Object.keys(sent) : (answer.kept ?? []);
    for (const k of kept) if (k in sent) saved.current[k] = canonical(sent[k]);
    refreshDirty();
    if (kind === "auto") {
      // A failed autosave stays quiet: the input is still here, leaving still asks, 暂存 says why.
      if (answer.ok) setAutoSaved(shanghaiClock(Date.now()));
    } else {
      setPending(null);
      if (answer.ok) {
        errors.show({}, current.current, MODE[kind]);
        // Move on once the page's data is reloaded (the next step shows what was just saved, e.g. that
        // a signed document is now out of date); a step change alone reloads nothing.
        if (kind === "next" && next) advance.current = steps;
        else setNotice({ type: "success", text: answer.message });
      } else {
        const whole = errors.show(answer.errors ?? {}, current.current, MODE[kind]);
        setNotice({ type: "error", text: answer.message || FIX_BEFORE[MODE[kind]], detail: whole });
        focusFirstError();
      }
    }
    const waiting = queued.current;
    queued.current = null;
    if (waiting) send(waiting);
    // Typed while this was out: save that too. A failed save is not retried on its own (no loop against
    // a server that is down); the next change, or a button, tries again.
    else if (answer.ok && dirty.current) arm();
  }, plain);

  const dispatch = (kind: Kind, sent: Docs) => {
    inflight.current = { kind, sent };
    post.submit(kind === "auto" ? "save" : kind, { step: step.key, data: JSON.stringify(sent) });
  };

  const autosave = () => {
    if (inflight.current) return; // re-armed when the answer comes
    const docs = savable();
    if (Object.keys(docs).length) dispatch("auto", docs);
  };
  const arm = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(autosave, AUTOSAVE_DELAY_MS);
  };
  useEffect(() => () => clearTimeout(timer.current), []);

  useEffect(() => {
    if (advance.current && advance.current !== steps) {
      advance.current = null;
      next?.();
    }
  });

  const send = (intent: Intent) => {
    // A date still being typed counts: once committed, its form's onChange has run by the next task.
    if (commitTypedDates()) {
      setTimeout(() => send(intent));
      return;
    }
    // One request at a time (two saves of one form would race on its row version): a click while the
    // autosave is out is answered right after it, with the input as it is then.
    if (inflight.current) {
      queued.current = intent;
      setPending(intent);
      return;
    }
    clearTimeout(timer.current);
    const docs = current.current;
    const whole = errors.check(docs, MODE[intent]);
    if (whole) {
      setPending(null);
      setNotice({ type: "error", text: FIX_BEFORE[MODE[intent]], detail: whole });
      focusFirstError();
      // Refused in the browser: what is type-valid is still kept, as the server does for its refusals.
      if (intent === "next") autosave();
      return;
    }
    setNotice(null);
    setPending(intent);
    dispatch(intent, docs);
  };

  const change = (key: string, data: Record<string, unknown>) => {
    current.current = { ...current.current, [key]: data };
    setDocs(current.current);
    errors.changed(key, data);
    refreshDirty();
    if (dirty.current) arm();
  };

  if (!application.editable) {
    return (
      <>
        {step.forms.map((f) => (
          <section key={f.key} className="wizard-form" aria-labelledby={`sec-${f.key}`}>
            <Typography.Title level={5} id={`sec-${f.key}`}>{f.title}</Typography.Title>
            <SubmissionView form={f} data={f.data} catalogs={catalogs} />
          </section>
        ))}
        {actions}
        <StepNav prev={prev}>
          {next ? <Button size="large" type="primary" onClick={next}>下一步</Button> : null}
        </StepNav>
      </>
    );
  }

  return (
    <>
      {leaveGuard}
      <FormNotice notice={notice} onClose={() => setNotice(null)} />
      {step.forms.map((f) => (
        <section key={f.key} className="wizard-form" aria-labelledby={`sec-${f.key}`}>
          <Typography.Title level={5} id={`sec-${f.key}`}>{f.title}</Typography.Title>
          <SchemaForm form={definitions[f.key]} formData={docs[f.key]} onChange={(d) => change(f.key, d)} serverErrors={errors.of(f.key)} catalogs={catalogs} />
        </section>
      ))}
      {actions}
      <StepNav prev={prev}>
        <span className="wizard-autosave" role="status">{autoSaved ? `已自动保存 ${autoSaved}` : ""}</span>
        <Button size="large" loading={spinner(pending === "save")} disabled={pending !== null} onClick={() => send("save")}>
          暂存
        </Button>
        <Button size="large" type="primary" loading={spinner(pending === "next")} disabled={pending !== null} onClick={() => send("next")}>
          下一步
        </Button>
      </StepNav>
    </>
  );
}
