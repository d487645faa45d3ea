// The pledge (承诺书) printout as its callers see it: the input and the handle of the worker task that
// draws it (pledge.server.ts implements it in the document worker threads; request handlers import only
// this module, so they never load pdf-lib and the fonts).
import { workerTask } from "~/engine/documents/worker-task";

export interface PledgeValues {
  name: string;
  idCard: string;
  /** As it should print, e.g. "2025年5月23日"; empty leaves blanks to write the date by hand. */
  date: string;
}

export interface PledgeInput {
  /** One or more lines, each centred (e.g. an issuing body above "评标专家信用承诺书"). */
  title: string;
  /** Template with {{name}}, {{idCard}}, {{date}}; paragraphs separated by blank lines. */
  text: string;
  values: PledgeValues;
  dataHash: string;
  /** Printed in the footer, e.g. the application number. */
  reference?: string;
  /** The application that prints it (the PDF's Creator and Producer). */
  producer?: string;
  generatedAt?: Date;
}

/** The pledge's PDF bytes, drawn in the document worker pool (renderPledge). */
export const PLEDGE_TASK = workerTask<PledgeInput, Uint8Array>("pledge");
