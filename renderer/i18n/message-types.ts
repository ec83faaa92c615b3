/**
 * Types that tie every translation to the English source catalog.
 *
 * English is the source of truth: its literal strings declare which `{placeholders}` a message takes, and
 * `Catalog` makes every other language provide exactly the same keys, keep every placeholder and use a
 * plural object wherever English does.
 */
import type { en } from './messages/en.js';

/** CLDR plural categories, as `Intl.PluralRules.select()` returns them. */
export type PluralCategory = Intl.LDMLPluralRule;

/** A message that depends on `{count}`; `other` is the form every language has. */
export type PluralMessage = { readonly other: string } & {
  readonly [Category in Exclude<PluralCategory, 'other'>]?: string;
};

export type Message = string | PluralMessage;

type English = typeof en;
export type MessageKey = keyof English;

/** `'Version {version} on {node}'` -> `'version' | 'node'`. */
export type Placeholders<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

type UnionToIntersection<Union> = (Union extends unknown ? (arg: Union) => void : never) extends (
  arg: infer Intersection,
) => void
  ? Intersection
  : never;

/** A string that contains `{name}` for every placeholder name. */
type ContainsPlaceholders<Names extends string> = [Names] extends [never]
  ? string
  : UnionToIntersection<Names extends string ? `${string}{${Names}}${string}` : never>;

/** What a translation of an English message must look like. */
type TranslationOf<Source> = Source extends string
  ? ContainsPlaceholders<Placeholders<Source>>
  : PluralMessage;

/** A complete translation: every English key, nothing else, placeholders kept. */
export type Catalog = { readonly [Key in MessageKey]: TranslationOf<English[Key]> };

type PlaceholdersOfMessage<Source> = Source extends string
  ? Placeholders<Source>
  : Source extends PluralMessage
    ? Placeholders<Source[keyof Source] & string> | 'count'
    : never;

/** Values interpolated into a message: numbers are formatted for the locale, strings inserted as they are. */
export type ParamValue = string | number;

export type MessageParams<Key extends MessageKey> = {
  readonly [Name in PlaceholdersOfMessage<English[Key]>]: Name extends 'count' ? number : ParamValue;
};

/** `t('key')` for a message without placeholders, `t('key', { name })` otherwise. */
export type MessageArgs<Key extends MessageKey> = [PlaceholdersOfMessage<English[Key]>] extends [never]
  ? []
  : [params: MessageParams<Key>];
