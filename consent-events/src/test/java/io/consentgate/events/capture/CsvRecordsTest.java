package io.consentgate.events.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

    private static List<CsvRecords.CsvRecord> all(String csv) {
        CsvRecords records = new CsvRecords(new StringReader(csv));
        List<CsvRecords.CsvRecord> all = new ArrayList<>();
        for (CsvRecords.CsvRecord record = records.next(); record != null; record = records.next()) {
            all.add(record);
        }
        return all;
    }

    @Test
    void shouldReadQuotedFieldsDoubledQuotesAndLineBreaksInsideQuotes() {
        List<CsvRecords.CsvRecord> records = all("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\nlast,,\n");

        assertThat(records).extracting(CsvRecords.CsvRecord::fields).containsExactly(
                List.of("a", "b", "c"), List.of("x, y", "say \"hi\"", "two\nlines"), List.of("last", "", ""));
        assertThat(records).extracting(CsvRecords.CsvRecord::line).containsExactly(1L, 2L, 5L);
    }

    @Test
    void shouldReportBrokenQuotingAndGoOn() {
        List<CsvRecords.CsvRecord> records = all("\"open\"x,1\nok,2\n\"never closed,3");

        assertThat(records.get(0).error()).contains("closing quote");
        assertThat(records.get(1).fields()).containsExactly("ok", "2");
        assertThat(records.get(2).error()).contains("not closed");
    }
}
