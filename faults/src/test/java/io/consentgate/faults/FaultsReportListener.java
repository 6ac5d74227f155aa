package io.consentgate.faults;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/** Prints the report's table once every scenario has run, and says where its JSON is. */
public final class FaultsReportListener implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (!FaultsReport.isEmpty()) {
            System.out.println();
            System.out.println("Faults (" + FaultsForm.current().name().toLowerCase() + " form) — " + FaultsReport.folder().resolve("report.json"));
            System.out.println(FaultsReport.table());
        }
    }
}
