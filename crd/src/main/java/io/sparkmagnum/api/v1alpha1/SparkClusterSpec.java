package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What the user asks for: a bay, and a Spark standalone cluster inside it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SparkClusterSpec {
  public static final String DEFAULT_IMAGE = "apache/spark:3.5.3";

  @Required
  @JsonPropertyDescription("Where the OpenStack credentials come from.")
  private CloudSpec cloud = new CloudSpec();

  @Required
  @JsonPropertyDescription("The Magnum bay (cluster) the Spark cluster runs in: adopted by name or created from a template.")
  private BaySpec bay = new BaySpec();

  @Default(DEFAULT_IMAGE)
  @JsonPropertyDescription("Container image of the Spark master, workers and driver; any image laid out like the official apache/spark image.")
  private String image = DEFAULT_IMAGE;

  @JsonPropertyDescription("The Spark standalone master.")
  private MasterSpec master = new MasterSpec();

  @JsonPropertyDescription("The Spark standalone workers.")
  private WorkersSpec workers = new WorkersSpec();

  @JsonPropertyDescription("An optional long-running driver pod to `kubectl exec` into and run pyspark or spark-shell.")
  private DriverSpec driver = new DriverSpec();

  @Size(max = 256)
  @JsonPropertyDescription("Spark properties (spark-defaults.conf) for the master, the workers and the driver, e.g. spark.executor.memory: 1g.")
  private Map<String, String> sparkConf = new LinkedHashMap<>();

  public CloudSpec getCloud() {
    return cloud;
  }

  public void setCloud(CloudSpec cloud) {
    this.cloud = cloud == null ? new CloudSpec() : cloud;
  }

  public BaySpec getBay() {
    return bay;
  }

  public void setBay(BaySpec bay) {
    this.bay = bay == null ? new BaySpec() : bay;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image == null ? DEFAULT_IMAGE : image;
  }

  public MasterSpec getMaster() {
    return master;
  }

  public void setMaster(MasterSpec master) {
    this.master = master == null ? new MasterSpec() : master;
  }

  public WorkersSpec getWorkers() {
    return workers;
  }

  public void setWorkers(WorkersSpec workers) {
    this.workers = workers == null ? new WorkersSpec() : workers;
  }

  public DriverSpec getDriver() {
    return driver;
  }

  public void setDriver(DriverSpec driver) {
    this.driver = driver == null ? new DriverSpec() : driver;
  }

  public Map<String, String> getSparkConf() {
    return sparkConf;
  }

  public void setSparkConf(Map<String, String> sparkConf) {
    this.sparkConf = sparkConf == null ? new LinkedHashMap<>() : new LinkedHashMap<>(sparkConf);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparkClusterSpec that
        && cloud.equals(that.cloud)
        && bay.equals(that.bay)
        && image.equals(that.image)
        && master.equals(that.master)
        && workers.equals(that.workers)
        && driver.equals(that.driver)
        && sparkConf.equals(that.sparkConf);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cloud, bay, image, master, workers, driver, sparkConf);
  }
}
