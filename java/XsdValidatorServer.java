/*
 * sksml project: persistent XSD validation helper for protocol/schema/xerces-engine.ts.
 *
 * Uses only the JDK: javax.xml.validation (the JDK's built-in Xerces) and the JDK catalog API.
 * It compiles one schema document (which may include/import others) once, then answers
 * validation requests over stdin/stdout until stdin closes.
 *
 * Usage: java -cp DIR XsdValidatorServer SCHEMA_FILE [CATALOG_FILE]
 *
 * Framing (both directions): a 4-byte big-endian length N, then N bytes of UTF-8.
 *   request  payload: the XML document text.
 *   response payload: a status line, then one line per finding: LINE \t COLUMN \t MESSAGE
 *                     (-1 when unknown; tabs and line breaks inside MESSAGE become spaces).
 *   statuses: READY (sent once after compiling), COMPILE_ERROR (sent instead of READY, with
 *             the compile findings, then the helper exits), RESULT (one per request, in
 *             request order; no findings = valid), FAILED (the helper could not process that
 *             request; one finding explains why).
 *
 * Security: secure processing on; schema documents may only be read from file: locations
 * (remote locations must be mapped to files by the catalog); instance documents may not contain
 * a DOCTYPE and may not pull any external schema or DTD.
 */
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

public final class XsdValidatorServer {
  private static final int MAX_FRAME = 64 * 1024 * 1024;
  private static final int MAX_FINDINGS = 200;

  /** Collects errors and fatal errors (warnings are ignored) without stopping at the first. */
  private static final class Findings implements ErrorHandler {
    final List<String> lines = new ArrayList<>();
    int dropped = 0;

    void add(int line, int column, String message) {
      if (lines.size() >= MAX_FINDINGS) {
        dropped++;
        return;
      }
      String text = message == null ? "(no message)" : message.replaceAll("[\\t\\r\\n]+", " ").trim();
      lines.add((line > 0 ? line : -1) + "\t" + (column > 0 ? column : -1) + "\t" + text);
    }

    void add(SAXParseException e) {
      add(e.getLineNumber(), e.getColumnNumber(), e.getMessage());
    }

    boolean isEmpty() {
      return lines.isEmpty();
    }

    @Override
    public void warning(SAXParseException e) {}

    @Override
    public void error(SAXParseException e) {
      add(e);
    }

    @Override
    public void fatalError(SAXParseException e) {
      add(e);
    }
  }

  private XsdValidatorServer() {}

  public static void main(String[] args) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(System.out));
    // Nothing but frames may reach stdout: route stray prints to stderr.
    System.setOut(new PrintStream(System.err, true, StandardCharsets.UTF_8));

    if (args.length < 1 || args.length > 2) {
      Findings usage = new Findings();
      usage.add(-1, -1, "usage: XsdValidatorServer SCHEMA_FILE [CATALOG_FILE]");
      send(out, "COMPILE_ERROR", usage);
      return;
    }

    Findings compileFindings = new Findings();
    Schema schema = null;
    try {
      schema = compile(new File(args[0]), args.length == 2 ? new File(args[1]) : null, compileFindings);
    } catch (SAXParseException e) {
      compileFindings.add(e);
    } catch (SAXException | RuntimeException e) {
      compileFindings.add(-1, -1, e.toString());
    }
    if (schema == null || !compileFindings.isEmpty()) {
      if (compileFindings.isEmpty()) compileFindings.add(-1, -1, "schema compilation failed");
      send(out, "COMPILE_ERROR", compileFindings);
      return;
    }
    send(out, "READY", new Findings());

    SAXParserFactory parsers = newInstanceParserFactory();
    while (true) {
      int length;
      try {
        length = in.readInt();
      } catch (EOFException e) {
        return; // stdin closed: normal shutdown
      }
      if (length < 0 || length > MAX_FRAME) {
        System.err.println("XsdValidatorServer: bad frame length " + length);
        System.exit(3);
      }
      byte[] payload = new byte[length];
      in.readFully(payload);
      String document = new String(payload, StandardCharsets.UTF_8);
      Findings findings = new Findings();
      String status = "RESULT";
      try {
        validate(schema, parsers, document, findings);
      } catch (SAXParseException e) {
        // A fatal parse error stops validation; the error handler has normally recorded it already.
        if (findings.isEmpty()) findings.add(e);
      } catch (SAXException | IOException | RuntimeException e) {
        status = "FAILED";
        findings = new Findings();
        findings.add(-1, -1, e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      send(out, status, findings);
    }
  }

  private static Schema compile(File schemaFile, File catalog, Findings findings) throws SAXException {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "file");
    if (catalog != null) {
      factory.setFeature(XMLConstants.USE_CATALOG, true);
      factory.setProperty("javax.xml.catalog.files", catalog.toURI().toString());
      factory.setProperty("javax.xml.catalog.prefer", "system");
      factory.setProperty("javax.xml.catalog.resolve", "continue");
    } else {
      factory.setFeature(XMLConstants.USE_CATALOG, false);
    }
    factory.setErrorHandler(findings);
    return factory.newSchema(new StreamSource(schemaFile));
  }

  private static SAXParserFactory newInstanceParserFactory() {
    SAXParserFactory factory = SAXParserFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setValidating(false);
    factory.setXIncludeAware(false);
    try {
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    } catch (Exception e) {
      throw new IllegalStateException("cannot configure a safe XML parser: " + e, e);
    }
    return factory;
  }

  private static void validate(Schema schema, SAXParserFactory parsers, String document, Findings findings)
      throws SAXException, IOException {
    XMLReader reader;
    try {
      reader = parsers.newSAXParser().getXMLReader();
    } catch (Exception e) {
      throw new SAXException("cannot create parser: " + e, e);
    }
    Validator validator = schema.newValidator();
    validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    validator.setErrorHandler(findings);
    reader.setErrorHandler(findings);
    validator.validate(new SAXSource(reader, new InputSource(new StringReader(document))));
  }

  private static void send(DataOutputStream out, String status, Findings findings) throws IOException {
    StringBuilder text = new StringBuilder(status);
    for (String line : findings.lines) text.append('\n').append(line);
    if (findings.dropped > 0) text.append("\n-1\t-1\t(").append(findings.dropped).append(" more findings not shown)");
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
    out.flush();
  }
}
