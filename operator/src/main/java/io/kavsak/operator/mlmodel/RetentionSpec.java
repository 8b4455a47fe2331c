package io.kavsak.operator.mlmodel;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** The model cleanup policy of seed 003: keep the latest versions, drop stale inactive ones, clean urgently when the disk fills. */
public class RetentionSpec {

  @Default("3")
  @Min(1)
  @JsonPropertyDescription("How many of the latest versions stay active; older ones are deactivated.")
  private Integer keepVersions = 3;

  @Default("30")
  @Min(1)
  @JsonPropertyDescription("Inactive versions older than this many days are deleted.")
  private Integer deleteInactiveAfterDays = 30;

  @Default("90")
  @Min(50)
  @Max(99)
  @JsonPropertyDescription("Disk usage, in percent of the volume, at which an emergency cleanup runs at once.")
  private Integer emergencyCleanupDiskPercent = 90;

  @Default("0 3 * * *")
  @Pattern("^(\\S+\\s+){4}\\S+$")
  @JsonPropertyDescription("When the regular cleanup runs, as a five-field cron expression (default daily at 03:00).")
  private String cleanupSchedule = "0 3 * * *";

  public Integer getKeepVersions() {
    return keepVersions;
  }

  public void setKeepVersions(Integer keepVersions) {
    this.keepVersions = keepVersions;
  }

  public Integer getDeleteInactiveAfterDays() {
    return deleteInactiveAfterDays;
  }

  public void setDeleteInactiveAfterDays(Integer deleteInactiveAfterDays) {
    this.deleteInactiveAfterDays = deleteInactiveAfterDays;
  }

  public Integer getEmergencyCleanupDiskPercent() {
    return emergencyCleanupDiskPercent;
  }

  public void setEmergencyCleanupDiskPercent(Integer emergencyCleanupDiskPercent) {
    this.emergencyCleanupDiskPercent = emergencyCleanupDiskPercent;
  }

  public String getCleanupSchedule() {
    return cleanupSchedule;
  }

  public void setCleanupSchedule(String cleanupSchedule) {
    this.cleanupSchedule = cleanupSchedule;
  }
}
