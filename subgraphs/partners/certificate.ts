import PDFDocument from "pdfkit";
import { createRequire } from "node:module";
import type { Response } from "express";

/** Noto Sans SC from an npm package: partner names are Chinese, and no system font is needed. */
const FONT = createRequire(import.meta.url).resolve(
  "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
);

export interface CertificateFacts {
  partnerName: string;
  programName: string;
  certificateNumber: string;
  joinedAt: string;
  validUntil: string;
}

/** Streams a program certificate as a PDF (A4 landscape; only the glyphs used are embedded). */
export function writeCertificate(facts: CertificateFacts, response: Response): void {
  const pdf = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: 60,
    info: { Title: `${facts.programName} certificate`, Author: "Partner Center" },
  });
  response
    .type("application/pdf")
    .setHeader("content-disposition", `attachment; filename="certificate-${facts.certificateNumber}.pdf"`);
  pdf.pipe(response);
  pdf.registerFont("body", FONT);
  const width = pdf.page.width - 120;
  pdf
    .lineWidth(3)
    .rect(30, 30, pdf.page.width - 60, pdf.page.height - 60)
    .stroke("#1f4e8c");
  pdf.font("body").fillColor("#1f4e8c").fontSize(32).text("伙伴计划证书", 60, 90, { width, align: "center" });
  pdf.fontSize(16).fillColor("#555").text("Partner Program Certificate", { width, align: "center" });
  pdf.moveDown(2).fillColor("#000").fontSize(26).text(facts.partnerName, { width, align: "center" });
  pdf.moveDown(0.5).fontSize(16).text(`is a member of ${facts.programName}`, { width, align: "center" });
  pdf.moveDown(3).fontSize(12).fillColor("#333");
  pdf.text(`Certificate No. ${facts.certificateNumber}`, { width, align: "center" });
  pdf.text(`Joined ${facts.joinedAt.slice(0, 10)} · Valid until ${facts.validUntil.slice(0, 10)}`, {
    width,
    align: "center",
  });
  pdf.end();
}
