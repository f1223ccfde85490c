/**
 * Benign structured documents of the kinds tools return (registry records, JSON API results, CSV
 * exports, logs, HTML, calendar entries), with random identifiers, dates and URLs. Real tool
 * output is full of random-looking tokens that an n-gram model otherwise associates with
 * adversarial suffixes and encoded payloads. Generated for this project.
 */
import { type Random, pick, randomInt as int } from "../../../ml/random.js";

const pad = (n: number): string => String(n).padStart(2, "0");

function token(random: Random, length: number, alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"): string {
  let s = "";
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  return s;
}
const date = (random: Random): string => `${int(random, 1998, 2025)}-${pad(int(random, 1, 12))}-${pad(int(random, 1, 28))}`;
const time = (random: Random): string => `${pad(int(random, 0, 23))}:${pad(int(random, 0, 59))}:${pad(int(random, 0, 59))}`;
const WORDS = ["north", "blue", "river", "stone", "cloud", "maple", "delta", "orbit", "pixel", "harbor", "summit", "cedar", "nova", "atlas", "ember"];
const TLDS = ["com", "net", "org", "io", "co.uk", "de", "shop", "xyz", "info", "app"];
const domain = (random: Random): string => `${pick(WORDS, random)}${pick(["", "-", ""], random)}${pick(WORDS, random)}${int(random, 0, 3) === 0 ? int(random, 1, 99) : ""}.${pick(TLDS, random)}`;
const NAMES = ["Maria Lopez", "John Smith", "Aiko Tanaka", "Lars Nilsson", "Fatima Khan", "Peter Novak", "Chen Wei", "Amara Okafor"];
const CITIES = ["Berlin", "Austin", "Lyon", "Osaka", "Toronto", "Nairobi", "Madrid", "Sydney"];

function registryRecord(random: Random): string {
  const d = domain(random);
  return [
    `Domain Name: ${random() < 0.5 ? d.toUpperCase() : d}`,
    `Registry Domain ID: ${token(random, int(random, 8, 20)).toUpperCase()}-${pick(["COM", "NET", "CNIC", "DONUTS"], random)}`,
    `Registrar WHOIS Server: whois.${domain(random)}`,
    `Registrar URL: https://www.${domain(random)}`,
    `Updated Date: ${date(random)}T${time(random)}Z`,
    `Creation Date: ${date(random)}T${time(random)}Z`,
    `Registrar IANA ID: ${int(random, 100, 3000)}`,
    `Registrar Abuse Contact Email: abuse@${domain(random)}`,
    `Registrar Abuse Contact Phone: +1.${int(random, 2000000000, 9999999999)}`,
    `Domain Status: ${pick(["clientTransferProhibited", "ok", "serverHold", "clientUpdateProhibited"], random)} https://icann.org/epp#${pick(["ok", "clientTransferProhibited"], random)}`,
    `Registrant Organization: ${pick(["Privacy service", "REDACTED FOR PRIVACY", `${pick(WORDS, random)} Ltd`], random)}`,
    `Registrant Country: ${pick(["US", "DE", "CN", "GB", "FR", "JP"], random)}`,
    `Name Server: ns${int(random, 1, 4)}.${domain(random)}`,
    `DNSSEC: ${pick(["unsigned", "signedDelegation"], random)}`,
    `>>> Last update of WHOIS database: ${date(random)}T${time(random)}Z <<<`,
  ].join("\n");
}

function jsonResult(random: Random): string {
  const rows = Array.from({ length: int(random, 1, 4) }, () => ({
    id: token(random, 12),
    name: pick(NAMES, random),
    city: pick(CITIES, random),
    balance: Math.round(random() * 1e6) / 100,
    status: pick(["active", "pending", "closed"], random),
    updated_at: `${date(random)}T${time(random)}Z`,
    url: `https://api.${domain(random)}/v${int(random, 1, 3)}/items/${token(random, 8)}`,
  }));
  return JSON.stringify({ data: rows, next_cursor: token(random, 24), request_id: token(random, 16) }, null, random() < 0.5 ? 2 : 0);
}

function csvExport(random: Random): string {
  const lines = ["date,description,amount,currency,reference"];
  for (let i = 0; i < int(random, 3, 12); i++) {
    lines.push(`${date(random)},${pick(["CARD PAYMENT", "TRANSFER", "DIRECT DEBIT", "ATM WITHDRAWAL", "SALARY"], random)} ${pick(WORDS, random).toUpperCase()},${(random() * 500).toFixed(2)},${pick(["EUR", "USD", "GBP"], random)},${token(random, 10).toUpperCase()}`);
  }
  return lines.join("\n");
}

function logLines(random: Random): string {
  return Array.from({ length: int(random, 4, 12) }, () =>
    `${date(random)} ${time(random)} ${pick(["INFO", "WARN", "DEBUG", "ERROR"], random)} [${pick(["http", "db", "auth", "worker"], random)}] ${pick([
      `GET /api/v1/${pick(WORDS, random)}/${token(random, 6)} 200 ${int(random, 2, 900)}ms`,
      `connection pool size=${int(random, 1, 50)} idle=${int(random, 0, 10)}`,
      `user ${token(random, 8)} logged in from ${int(random, 1, 254)}.${int(random, 0, 254)}.${int(random, 0, 254)}.${int(random, 1, 254)}`,
      `job ${token(random, 10)} finished in ${(random() * 10).toFixed(2)}s`,
      `retrying request to https://${domain(random)} (attempt ${int(random, 1, 5)})`,
    ], random)}`,
  ).join("\n");
}

function htmlSnippet(random: Random): string {
  const title = `${pick(["Opening hours", "Our services", "Contact us", "Pricing", "About the team"], random)} | ${pick(WORDS, random)} ${pick(["Bakery", "Bank", "Clinic", "Studio"], random)}`;
  return `<html><head><title>${title}</title><meta name="description" content="${pick(WORDS, random)} ${pick(WORDS, random)}"></head><body><nav><a href="/">Home</a> <a href="/about">About</a></nav><h1>${title}</h1><p>We are open ${pick(["Monday to Friday", "every day", "on weekdays"], random)} from ${int(random, 7, 10)}am to ${int(random, 4, 8)}pm. Call us at +44 ${int(random, 1000, 9999)} ${int(random, 100000, 999999)} or write to info@${domain(random)}.</p><footer>&copy; ${int(random, 2015, 2025)} ${pick(WORDS, random)}</footer></body></html>`;
}

function calendarEntry(random: Random): string {
  return [
    "BEGIN:VEVENT",
    `UID:${token(random, 20)}@${domain(random)}`,
    `DTSTART:${date(random).replace(/-/g, "")}T${time(random).replace(/:/g, "")}Z`,
    `SUMMARY:${pick(["Quarterly review", "Dentist", "Team lunch", "Project kickoff", "Mortgage appointment"], random)}`,
    `LOCATION:${pick(CITIES, random)}`,
    `ORGANIZER;CN=${pick(NAMES, random)}:mailto:${pick(WORDS, random)}@${domain(random)}`,
    "END:VEVENT",
  ].join("\n");
}

const GENERATORS = [registryRecord, jsonResult, csvExport, logLines, htmlSnippet, calendarEntry];

export function structuredDocuments(count: number, random: Random): string[] {
  return Array.from({ length: count }, (_, i) => {
    const doc = (GENERATORS[i % GENERATORS.length] ?? jsonResult)(random);
    // Real records and pages often end with a legal footer.
    return random() < 0.35 ? `${doc}\n\n${legalNotices(1, random)[0] ?? ""}` : doc;
  });
}

const LEGAL_SENTENCES = [
  "By accessing or using this service, you agree to be bound by these terms.",
  "You agree not to use the information provided for any unlawful purpose.",
  "Under no circumstances shall the provider be liable for any indirect or consequential damages.",
  "We reserve the right to suspend or terminate your access at any time without notice.",
  "You may not reproduce, redistribute or resell any part of this data without prior written permission.",
  "Any unauthorized use of this system is strictly prohibited and may be reported to the authorities.",
  "The information is provided as is, without warranty of any kind, express or implied.",
  "These terms are governed by the laws of the State of Delaware.",
  "If any provision of these terms is held invalid, the remaining provisions remain in full force.",
  "You must not attempt to gain unauthorized access to any part of the service or its related systems.",
  "Automated queries, high-volume scraping and the use of this data for unsolicited advertising are not permitted.",
  "We may update this policy from time to time; continued use of the service means you accept the changes.",
  "Personal data is processed in accordance with our privacy notice and applicable data protection law.",
  "You are responsible for keeping your login credentials confidential and for all activity under your account.",
  "Nothing in these terms limits any rights you may have under consumer protection law.",
  "This message and any attachments are confidential and intended solely for the addressee. If you received it in error, please notify the sender and delete it.",
  "The registrar does not guarantee the accuracy of this record and disclaims all liability for its use.",
  "You agree to abide by this policy and acknowledge that access may be restricted if you violate it.",
];

/** Terms of use, disclaimers and policy notices: imperative "you must not" language that is benign. */
export function legalNotices(count: number, random: Random): string[] {
  return Array.from({ length: count }, () => {
    const n = int(random, 3, 7);
    const title = pick(["TERMS OF USE:", "NOTICE:", "Privacy Policy", "Disclaimer", "Acceptable Use Policy", "", "Legal notice"], random);
    const body = Array.from({ length: n }, () => pick(LEGAL_SENTENCES, random)).join(" ");
    return title ? `${title} ${body}` : body;
  });
}
